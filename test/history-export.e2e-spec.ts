/**
 * History for oversight over HTTP (DOMAIN.md, Oversight and assessment: 全程留痕、责任可溯; the
 * legal and discipline units supervise the draws, 000 §18–19): entity and actor histories in log
 * order with who, role, unit, when, command and correlation; type and time filters; paging; CSV
 * and JSON-lines exports of the whole filtered history; and who may read what.
 *
 * Registry facts go through the API; the task, its draw, the quota use, the locked list and the
 * matching are written straight into the log (their own suites drive them over HTTP).
 */
import { parse } from 'csv-parse/sync';
import { DrawPoolFrozen, InspectorsMatched, QuotaConsumed, TargetsDrawn, TaskListLocked } from '@app/domain';
import { ProposedEvent, formatPosition } from '@app/event-store';
import { proposed } from '@app/event-store/event-store.contract';
import { ProjectionProgress } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { LI_MING } from './fixtures/inspectors';
import { creditCodeFor } from './fixtures/targets-xlsx';
import { everyTarget, taskSetUp } from './fixtures/draw-world';

interface Entry {
  position: string;
  stream: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  recordedAt: string;
  actorId: string;
  role: string;
  unit: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  hash: string;
}

describe('history for oversight and its exports (embedded stores)', () => {
  let api: ApiHarness;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const get = (url: string, who?: string) => api.app.inject({ method: 'GET', url, headers: who ? auth(who) : {} });
  const post = (url: string, payload: object, who: string, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...auth(who), ...headers } });

  const TARGET = creditCodeFor(951);
  const EXCLUDED = creditCodeFor(952);
  const TASK = 't-h1';
  /** Shares the prefix of TASK's streams (`draw-t-h1…`): a prefix scan would wrongly take it in. */
  const OTHER_TASK = 't-h10';
  /** Every event written straight into the log is recorded after this instant; every API event before it. */
  let later: Date;

  const at = (offsetMinutes: number) => new Date(later.getTime() + offsetMinutes * 60_000).toISOString();

  async function write(
    stream: string,
    type: string,
    data: unknown,
    metadata: { actorId: string; role: string; unit: string; recordedAt: string; correlationId: string },
  ) {
    const events: ProposedEvent[] = proposed(type, data).map((e) => ({ ...e, metadata: { ...e.metadata, ...metadata } }));
    const result = await api.events.append(stream, events, 'any');
    await api.app.get(ProjectionProgress).waitFor(formatPosition(result.position));
  }

  beforeAll(async () => {
    api = await startApi();
    for (const [who, role, unit] of [
      ['admin', 'admin', 'hunan'],
      ['staff-ll-1', 'staff', 'lingling'],
      ['head-ll', 'unit-head', 'lingling'],
      ['head-yz', 'unit-head', 'yongzhou'],
      ['head-qy', 'unit-head', 'qiyang'],
      ['staff-qy', 'staff', 'qiyang'],
      ['staff-ll-2', 'staff', 'lingling'],
      ['oversight', 'oversight', 'hunan'],
      ['legal', 'legal', 'qiyang'],
    ] as const) {
      tokens[who] = await api.tokenFor(who, role, unit);
    }
    for (const department of DEPARTMENTS) expect((await post('/departments', department, 'admin')).statusCode).toBe(201);

    const body = {
      departmentId: 'lingling',
      creditCode: TARGET,
      name: '零陵区“老字号”食品有限公司, 分店',
      subjectType: 'enterprise',
      areaCode: '431102',
      industry: 'C14',
    };
    expect((await post('/targets', body, 'staff-ll-1', { 'idempotency-key': 'reg-target-0001', 'x-correlation-id': 'registry-2026' })).statusCode).toBe(201);
    expect((await post('/targets', { ...body, creditCode: EXCLUDED, name: '零陵区另一家公司' }, 'staff-ll-1')).statusCode).toBe(201);
    const graded = await post(
      `/targets/${TARGET}/status-changes`,
      { change: 'credit-grade', grade: 'C', effectiveDate: '2026-02-01', source: '信用风险分类系统' },
      'head-ll',
      {
        'idempotency-key': 'grade-target-0001',
        'x-correlation-id': 'registry-2026',
      },
    );
    expect(graded.statusCode).toBe(201);
    const abnormal = await post(
      `/targets/${TARGET}/status-changes`,
      { change: 'abnormal-in', reason: '未按规定公示年度报告', effectiveDate: '2026-02-02', source: '公示系统' },
      'staff-ll-1',
    );
    expect(abnormal.statusCode).toBe(201);
    expect((await post('/inspectors', LI_MING, 'staff-ll-1', { 'idempotency-key': 'reg-li-ming-0001' })).statusCode).toBe(201);

    later = new Date(Date.now() + 60 * 60_000);
    const by = { actorId: 'staff-ll-2', role: 'staff', unit: 'lingling', correlationId: `task-${TASK}` };
    const task = taskSetUp(TASK, [everyTarget(1)], { planId: 'plan-ll-2026' });
    await write(`task-${TASK}`, 'TaskSetUp', task, { ...by, recordedAt: at(0) });
    await write(`task-${OTHER_TASK}`, 'TaskSetUp', taskSetUp(OTHER_TASK, [everyTarget(1)]), { ...by, correlationId: 'other', recordedAt: at(1) });
    // a freeze recorded as version 1 (`write` appends version 1), which listed its exclusions
    const frozen: Omit<DrawPoolFrozen['data'], 'strata'> & { strata: Omit<DrawPoolFrozen['data']['strata'][number], 'excludedCount' | 'excludedHash'>[] } = {
      drawId: `${TASK}-d1`,
      taskId: TASK,
      departmentId: 'lingling',
      year: 2026,
      algorithm: 'dsr-draw-v1',
      eligibilityPosition: '1/1',
      strata: [
        {
          stratumId: 'all',
          classId: 'all',
          poolHash: 'a'.repeat(64),
          poolSize: 1,
          count: 1,
          exemptMembers: 0,
          excluded: [{ targetId: EXCLUDED, reason: 'quota-reached', detail: '已抽查两次' }],
        },
      ],
      serverCommitment: 'b'.repeat(64),
      beacon: null,
      frozenOn: '2026-03-02',
    };
    await write(`draw-${TASK}-d1`, 'DrawPoolFrozen', frozen, { ...by, recordedAt: at(2) });
    const drawn: TargetsDrawn['data'] = {
      drawId: `${TASK}-d1`,
      departmentId: 'lingling',
      entropyKinds: ['server'],
      ledgerRevision: -1,
      strata: [{ stratumId: 'all', selected: [TARGET], skipped: [] }],
      drawnOn: '2026-03-02',
    };
    await write(`draw-${TASK}-d1`, 'TargetsDrawn', drawn, { ...by, recordedAt: at(3) });
    const quota: QuotaConsumed['data'] = { year: 2026, drawId: `${TASK}-d1`, targetIds: [TARGET] };
    await write('quota-ledger-2026', 'QuotaConsumed', quota, { ...by, recordedAt: at(3) });
    await write(
      `draw-${OTHER_TASK}-d1`,
      'DrawConfirmed',
      { drawId: `${OTHER_TASK}-d1`, departmentId: 'lingling', confirmedOn: '2026-03-03' },
      { ...by, recordedAt: at(4) },
    );
    const locked: TaskListLocked['data'] = {
      taskId: TASK,
      departmentId: 'lingling',
      drawId: `${TASK}-d1`,
      targets: [{ targetId: TARGET, classId: 'all' }],
      lockedOn: '2026-03-03',
    };
    await write(`task-${TASK}`, 'TaskListLocked', locked, { ...by, recordedAt: at(5) });
    const matched: InspectorsMatched['data'] = {
      taskId: TASK,
      departmentId: 'lingling',
      entropyKinds: ['server'],
      groups: [
        {
          targetId: TARGET,
          leaderId: 'li-ming',
          members: [{ inspectorId: 'li-ming', departmentId: 'lingling' }],
          drawnFrom: { stratum: 'lingling', poolHash: 'c'.repeat(64), poolSize: 1, load: 1, seed: 'd'.repeat(64) },
        },
      ],
      experts: [],
      matchedOn: '2026-03-04',
    };
    await write(`matching-${TASK}-lingling`, 'InspectorsMatched', matched, { ...by, recordedAt: at(6) });
    // The same person, later acting for another county (say, after a transfer).
    await write(
      'draw-limits-qiyang',
      'DrawLimitsSet',
      { departmentId: 'qiyang', quotaPerYear: 2, monthsAfterNothingFound: 6, setOn: '2026-03-05', reason: '按省局规定' },
      { ...by, unit: 'qiyang', correlationId: 'limits', recordedAt: at(7) },
    );
  });

  afterAll(() => api.close());

  const types = (events: Entry[]) => events.map((e) => e.type);

  describe('a task’s history', () => {
    it('merges its own stream with its draws and matchings in log order, and nothing of a task whose id merely shares the prefix', async () => {
      const response = await get(`/history/tasks/${TASK}`, 'oversight');
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ entity: 'task', id: TASK, total: 6, offset: 0, limit: 100 });
      expect(types(page.events)).toEqual(['TaskSetUp', 'DrawPoolFrozen', 'TargetsDrawn', 'QuotaConsumed', 'TaskListLocked', 'InspectorsMatched']);
      expect(page.events.map((e: Entry) => e.stream)).toEqual([
        `task-${TASK}`,
        `draw-${TASK}-d1`,
        `draw-${TASK}-d1`,
        'quota-ledger-2026',
        `task-${TASK}`,
        `matching-${TASK}-lingling`,
      ]);
      expect(page.events[0]).toMatchObject({ actorId: 'staff-ll-2', role: 'staff', unit: 'lingling', correlationId: `task-${TASK}`, revision: 0 });
      expect(page.indexedThrough).toEqual(expect.stringMatching(/^\d+\/\d+$/));
    });

    it('pages and filters by type without losing the log order', async () => {
      const second = (await get(`/history/tasks/${TASK}?offset=1&limit=2`, 'oversight')).json();
      expect(second).toMatchObject({ total: 6, offset: 1, limit: 2 });
      expect(types(second.events)).toEqual(['DrawPoolFrozen', 'TargetsDrawn']);
      const drawnOnly = (await get(`/history/tasks/${TASK}?type=TargetsDrawn`, 'oversight')).json();
      expect(drawnOnly).toMatchObject({ total: 1, events: [{ type: 'TargetsDrawn', data: { strata: [{ selected: [TARGET] }] } }] });
    });
  });

  describe('a target’s history', () => {
    it('holds its own stream and every event elsewhere that names it, with who and under which command', async () => {
      const page = (await get(`/history/targets/${TARGET}`, 'staff-ll-1')).json();
      expect(types(page.events)).toEqual([
        'TargetRegistered',
        'TargetCreditGraded',
        'TargetListedAsAbnormal',
        'TargetsDrawn',
        'QuotaConsumed',
        'TaskListLocked',
        'InspectorsMatched',
      ]);
      expect(page.events[0]).toMatchObject({
        actorId: 'staff-ll-1',
        role: 'staff',
        unit: 'lingling',
        commandId: 'reg-target-0001',
        correlationId: 'registry-2026',
      });
      expect(page.events[1]).toMatchObject({
        actorId: 'head-ll',
        role: 'unit-head',
        commandId: 'grade-target-0001',
        correlationId: 'registry-2026',
        prevHash: page.events[0].hash,
      });
    });

    it('shows a target excluded from a draw the version-1 freeze that listed it (002 §16–19)', async () => {
      const page = (await get(`/history/targets/${EXCLUDED}`, 'oversight')).json();
      expect(types(page.events)).toEqual(['TargetRegistered', 'DrawPoolFrozen']);
    });

    it('filters by time: from is inclusive, to exclusive', async () => {
      const before = (await get(`/history/targets/${TARGET}?to=${encodeURIComponent(later.toISOString())}`, 'oversight')).json();
      expect(types(before.events)).toEqual(['TargetRegistered', 'TargetCreditGraded', 'TargetListedAsAbnormal']);
      const window = (await get(`/history/targets/${TARGET}?from=${encodeURIComponent(at(3))}&to=${encodeURIComponent(at(6))}`, 'oversight')).json();
      expect(window).toMatchObject({ total: 3 });
      expect(types(window.events)).toEqual(['TargetsDrawn', 'QuotaConsumed', 'TaskListLocked']);
    });
  });

  it('keeps an inspector’s registration and every matching that names them', async () => {
    const page = (await get('/history/inspectors/li-ming', 'head-ll')).json();
    expect(types(page.events)).toEqual(['InspectorRegistered', 'InspectorsMatched']);
    expect(page.events[0]).toMatchObject({ actorId: 'staff-ll-1', commandId: 'reg-li-ming-0001' });
  });

  it('lists under a plan the tasks set up under it', async () => {
    const page = (await get('/history/plans/plan-ll-2026', 'oversight')).json();
    expect(page).toMatchObject({ entity: 'plan', id: 'plan-ll-2026', total: 1, events: [{ type: 'TaskSetUp', data: { taskId: TASK } }] });
  });

  describe('an actor’s history', () => {
    it('lists everything one person recorded, in log order, for oversight', async () => {
      const page = (await get('/history/actors/staff-ll-1', 'oversight')).json();
      expect(page).toMatchObject({ entity: 'actor', id: 'staff-ll-1', total: 4 });
      expect(types(page.events)).toEqual(['TargetRegistered', 'TargetRegistered', 'TargetListedAsAbnormal', 'InspectorRegistered']);
      expect(page.events.every((e: Entry) => e.actorId === 'staff-ll-1')).toBe(true);
      const ordered = page.events.map((e: Entry) => e.position.split('/').map(BigInt)[0]);
      expect([...ordered].sort((a, b) => (a < b ? -1 : 1))).toEqual(ordered);
    });

    it('shows a unit head only what the actor recorded for the head’s department or its subordinates', async () => {
      const lingling = (await get('/history/actors/staff-ll-2', 'head-ll')).json();
      expect(lingling.total).toBe(8);
      expect(lingling.events.every((e: Entry) => e.unit === 'lingling')).toBe(true);
      const qiyang = (await get('/history/actors/staff-ll-2', 'head-qy')).json();
      expect(qiyang).toMatchObject({ total: 1, events: [{ type: 'DrawLimitsSet', unit: 'qiyang' }] });
      const city = (await get('/history/actors/staff-ll-2?type=DrawLimitsSet', 'head-yz')).json();
      expect(city.total).toBe(1);
      expect((await get('/history/actors/staff-ll-2', 'head-yz')).json().total).toBe(9);
    });

    it('lets everyone read their own trail, and refuses staff reading another person (403) and a head with nothing in scope (403)', async () => {
      expect((await get('/history/actors/staff-ll-1', 'staff-ll-1')).json().total).toBe(4);
      expect((await get('/history/actors/staff-ll-1', 'staff-ll-2')).statusCode).toBe(403);
      expect((await get('/history/actors/staff-ll-1', 'head-qy')).statusCode).toBe(403);
      expect((await get('/history/actors/nobody', 'oversight')).statusCode).toBe(404);
    });
  });

  describe('exports', () => {
    it('exports the whole filtered history as CSV with a BOM that parses back to the JSON', async () => {
      const json = (await get(`/history/targets/${TARGET}?limit=1000`, 'oversight')).json();
      const response = await get(`/history/targets/${TARGET}?format=csv`, 'oversight');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="history-target-${TARGET}.csv"`);
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const text = response.rawPayload.toString('utf8');
      expect(text.split('\r\n')[0]).toBe('\uFEFFposition,stream,revision,recordedAt,type,actorId,role,unit,commandId,correlationId,causationId,hash,data');
      const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
      expect(rows).toHaveLength(json.total);
      rows.forEach((row, i) => {
        const entry: Entry = json.events[i];
        expect(row).toEqual({
          position: entry.position,
          stream: entry.stream,
          revision: String(entry.revision),
          recordedAt: entry.recordedAt,
          type: entry.type,
          actorId: entry.actorId,
          role: entry.role,
          unit: entry.unit,
          commandId: entry.commandId,
          correlationId: entry.correlationId,
          causationId: entry.causationId,
          hash: entry.hash,
          data: expect.any(String),
        });
        expect(JSON.parse(row.data)).toEqual(entry.data);
      });
      // The registered name holds a comma and quotes: RFC 4180 quoting keeps them in one field.
      expect(JSON.parse(rows[0].data).name).toBe('零陵区“老字号”食品有限公司, 分店');
    });

    it('exports JSON lines, one event a line, the same entries as the JSON, filters applied', async () => {
      const response = await get(`/history/tasks/${TASK}?format=jsonl&type=TaskSetUp`, 'legal');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="history-task-${TASK}.jsonl"`);
      const lines = response.body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const json = (await get(`/history/tasks/${TASK}?type=TaskSetUp`, 'legal')).json();
      expect(lines).toEqual(json.events);
    });

    it('exports more than one JSON page: an export is the whole history, not a page', async () => {
      const lines = (await get('/history/actors/staff-ll-2?format=jsonl', 'oversight')).body.split('\n').filter(Boolean);
      expect(lines).toHaveLength(9);
      expect((await get('/history/actors/staff-ll-2?limit=2', 'oversight')).json().events).toHaveLength(2);
    });

    it('exports a single stream too, and refuses paging an export with 400', async () => {
      const csv = await get(`/history/task-${TASK}?format=csv`, 'oversight');
      expect(parse(csv.rawPayload.toString('utf8'), { bom: true, columns: true }).map((r: { type: string }) => r.type)).toEqual([
        'TaskSetUp',
        'TaskListLocked',
      ]);
      const paged = await get(`/history/tasks/${TASK}?format=csv&limit=10`, 'oversight');
      expect(paged.statusCode).toBe(400);
      expect(paged.json().errors).toEqual([{ field: 'limit', reason: expect.stringMatching(/whole filtered history/) }]);
      expect((await get(`/history/tasks/${TASK}?format=xml`, 'oversight')).json().errors[0].field).toBe('format');
    });
  });

  describe('who may read', () => {
    it('opens every history to oversight and legal, whatever their unit', async () => {
      for (const who of ['oversight', 'legal']) {
        for (const url of [
          `/history/targets/${TARGET}`,
          `/history/tasks/${TASK}`,
          '/history/inspectors/li-ming',
          '/history/plans/plan-ll-2026',
          `/history/target-${TARGET}`,
        ]) {
          expect({ url, who, status: (await get(url, who)).statusCode }).toEqual({ url, who, status: 200 });
        }
      }
    });

    it('opens a county’s histories to its superiors and refuses another county’s staff with 403', async () => {
      expect((await get(`/history/targets/${TARGET}`, 'head-yz')).statusCode).toBe(200);
      for (const url of [
        `/history/targets/${TARGET}`,
        `/history/tasks/${TASK}`,
        '/history/inspectors/li-ming',
        `/history/target-${TARGET}`,
        `/history/targets/${TARGET}?format=csv`,
      ]) {
        expect({ url, status: (await get(url, 'staff-qy')).statusCode }).toEqual({ url, status: 403 });
      }
    });

    it('refuses the anonymous public with 401', async () => {
      for (const url of [`/history/targets/${TARGET}`, `/history/tasks/${TASK}?format=csv`, '/history/actors/staff-ll-1', '/history/plans/plan-ll-2026']) {
        expect((await get(url)).statusCode).toBe(401);
      }
    });

    it('answers 404 for an entity without history and 400 for a malformed id', async () => {
      expect((await get('/history/tasks/t-none', 'oversight')).statusCode).toBe(404);
      const bad = await get('/history/targets/a%20b', 'oversight');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('targetId');
    });
  });
});
