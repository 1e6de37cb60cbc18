/**
 * The ladder acts (issue 12 item 12; 003 §3(4)), a story through the HTTP API: a report duty
 * (000 §21) turns from a reminder to overdue as the days pass; the city orders supervision (督办),
 * the inspectors answerable find the notice on their list and their dashboard, and the
 * integrators' webhook — a real HTTP server on loopback — receives it; the report then comes in
 * late, and the county's discipline-inspection unit pursues accountability (问责).
 *
 * The inspection's own facts are written straight into the log (as test/deadlines.e2e-spec.ts
 * does): the acts, the notices and the refusals are what this story is about.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { proposed } from '@app/event-store/event-store.contract';
import { DASHBOARD_COOKIE } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, registerDepartments } from './fixtures/draw-world';

const TASK = 'ladder-2025';
const TARGET = 'T1';
const DUTY = `report:${TASK}:${TARGET}`;

describe('the ladder acts: 督办 and 问责 (003 §3(4))', () => {
  let api: ApiHarness;
  let webhook: Server;
  const delivered: { notificationId: string; kind: string; dutyId: string; recipients: string[]; message: string }[] = [];
  /** "Now", moved forward by the story; 02:00 UTC is 10:00 in China. */
  let today = '2025-10-09';
  const tokens: Record<string, string> = {};

  const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const post = (url: string, payload: object, who: string) => api.app.inject({ method: 'POST', url, payload, headers: headers(tokens[who]) });
  const get = (url: string, who: string) => api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
  const supervise = (who: string, instruction = '请于三个工作日内报送检查报告', duty = DUTY) =>
    post(`/duties/${encodeURIComponent(duty)}/supervision`, { instruction }, who);
  const pursue = (who: string, reason = '检查报告逾期报送，责令作出书面检查') => post(`/duties/${encodeURIComponent(DUTY)}/accountability`, { reason }, who);
  const eventCount = async () => (await api.events.readAll()).length;

  async function write(stream: string, type: string, data: object, actorId = 'staff-1') {
    const [event] = proposed(type, data);
    await api.events.append(stream, [{ ...event, metadata: { ...event.metadata, actorId } }], 'any');
  }

  async function until(condition: () => boolean, what: string) {
    for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!condition()) throw new Error(`timed out waiting for ${what}`);
  }

  async function dashboardOf(who: string): Promise<string> {
    const login = await api.app.inject({
      method: 'POST',
      url: '/dashboard/login',
      payload: `token=${tokens[who]}\r\n`,
      headers: { 'content-type': 'text/plain' },
    });
    const cookie = String(login.headers['set-cookie']);
    const response = await api.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: cookie.slice(0, cookie.indexOf(';')) } });
    expect(cookie.startsWith(DASHBOARD_COOKIE)).toBe(true);
    expect(response.statusCode).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    webhook = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        delivered.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/dsr`;
    api = await startApi({ NOTIFY_WEBHOOK_URL: url, NOTIFY_POLL_MS: '20' }, { clock: { now: () => new Date(`${today}T02:00:00Z`) } });
    await registerDepartments(api);
    tokens.admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    expect((await post(`/departments/${COUNTY}/units`, { unitId: 'lingling-jijian', name: '纪检组', kind: 'discipline' }, 'admin')).statusCode).toBe(201);
    tokens.cityHead = await api.tokenFor('head-yz', 'unit-head', 'yongzhou');
    tokens.countyHead = await api.tokenFor('head-ll', 'unit-head', COUNTY);
    tokens.discipline = await api.tokenFor('jijian-1', 'unit-head', 'lingling-jijian');
    tokens.inspector = await api.tokenFor('insp-1', 'staff', COUNTY);
    tokens.staff = await api.tokenFor('staff-1', 'staff', 'yongzhou');

    // on site on 2025-09-26 with insp-1 and insp-2: the report is due 2025-10-10, after National Day (000 §21)
    const stream = `inspection-${TASK}-${TARGET}`;
    await write(stream, 'InspectionOpened', { taskId: TASK, targetId: TARGET, departmentId: COUNTY, itemIds: ['hn-zj-01'], openedOn: '2025-09-20' });
    await write(stream, 'OnSiteInspectionRecorded', {
      taskId: TASK,
      targetId: TARGET,
      inspectorIds: ['insp-1', 'insp-2'],
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'signed', signedBy: '李四' },
      methods: ['on-site'],
      startedOn: '2025-09-26',
      endedOn: '2025-09-26',
      evidence: [],
    });
  });
  afterAll(async () => {
    await api.close();
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });

  it('on 2025-10-09 the duty is a reminder: the inspector sees it to do, and 督办 is refused with 409', async () => {
    const deadlines = (await get(`/deadlines?person=insp-1`, 'inspector')).json();
    expect(deadlines.items).toEqual([expect.objectContaining({ dutyId: DUTY, dueOn: '2025-10-10', state: 'reminder' })]);
    expect(await dashboardOf('inspector')).toContain(`data-duty="${DUTY}"`);
    const before = await eventCount();
    const refused = await supervise('cityHead');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/reminder on 2025-10-09/);
    expect(await eventCount()).toBe(before);
  });

  it('on 2025-10-13, overdue: bad input 400 naming the field, an unknown duty 404, the county itself 403, staff 403', async () => {
    today = '2025-10-13';
    const before = await eventCount();
    const bad = await post(`/duties/${encodeURIComponent(DUTY)}/supervision`, { instruction: '', urgent: true }, 'cityHead');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['instruction', 'urgent']);
    expect((await supervise('cityHead', '请报送', `report:${TASK}:T404`)).statusCode).toBe(404);
    expect((await supervise('cityHead', '请报送', 'nonsense')).statusCode).toBe(404);
    expect((await supervise('countyHead')).statusCode).toBe(403);
    expect((await supervise('staff')).statusCode).toBe(403);
    expect(await eventCount()).toBe(before);
  });

  it('the city orders 督办: recorded on the duty, noticed by both inspectors, on the dashboard and at the webhook', async () => {
    const response = await supervise('cityHead');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ stream: `duty-escalation-${DUTY}`, events: ['DutySupervisionOrdered'] });
    const [event] = await api.events.readStream(`duty-escalation-${DUTY}`);
    expect(event.metadata.actorId).toBe('head-yz');
    expect(event.data).toMatchObject({
      dutyId: DUTY,
      kind: 'report',
      departmentId: COUNTY,
      responsible: ['insp-1', 'insp-2'],
      dueOn: '2025-10-10',
      orderedOn: '2025-10-13',
      actingDepartmentId: 'yongzhou',
    });

    const mine = (await get('/notifications', 'inspector')).json();
    expect(mine).toMatchObject({
      total: 1,
      items: [{ notificationId: event.id, kind: 'supervision', dutyId: DUTY, actedOn: '2025-10-13', message: '请于三个工作日内报送检查报告' }],
    });
    expect((await get('/notifications?person=insp-2', 'admin')).json().total).toBe(1);
    expect((await get(`/notifications?departmentId=${COUNTY}`, 'countyHead')).json().total).toBe(1);
    expect((await get('/notifications?person=insp-2', 'inspector')).statusCode).toBe(403);
    const page = await dashboardOf('inspector');
    expect(page).toContain(`data-notification="${event.id}"`);
    expect(page).toContain('请于三个工作日内报送检查报告');

    await until(() => delivered.length >= 1, 'the webhook delivery');
    expect(delivered).toEqual([expect.objectContaining({ notificationId: event.id, kind: 'supervision', dutyId: DUTY, recipients: ['insp-1', 'insp-2'] })]);
    expect((await supervise('cityHead', '再次督办')).statusCode).toBe(409);
  });

  it('the report comes in late; the county discipline unit pursues 问责, noticed the same way, and only once', async () => {
    await write(`inspection-${TASK}-${TARGET}`, 'InspectionReported', {
      taskId: TASK,
      targetId: TARGET,
      departmentId: COUNTY,
      reportedOn: '2025-10-14',
      concludedOn: '2025-09-26',
      content: '现场检查',
      findings: '未发现问题',
      evaluation: '合格',
      handlingOpinion: '无',
      foundProblems: false,
    });
    today = '2025-10-20';
    const response = await pursue('discipline');
    expect(response.statusCode).toBe(201);
    const [, event] = await api.events.readStream(`duty-escalation-${DUTY}`);
    expect(event.data).toMatchObject({ closedOn: '2025-10-14', ladderState: 'closed-late', actingDepartmentId: 'lingling-jijian', pursuedOn: '2025-10-20' });
    expect((await get('/notifications', 'inspector')).json().items.map((n: { kind: string }) => n.kind)).toEqual(['accountability', 'supervision']);
    await until(() => delivered.length >= 2, 'the second webhook delivery');
    expect(delivered.map((n) => n.kind)).toEqual(['supervision', 'accountability']);
    expect((await pursue('cityHead')).statusCode).toBe(409);
    // done now, so nothing is left to do on the dashboard
    expect(await dashboardOf('inspector')).not.toContain(`data-duty="${DUTY}"`);
  });
});
