/**
 * Inspector matching over HTTP (随机选派执法检查人员; 000 §18, §20; 002 §21–23; issue 4 items 6–8):
 * a county's registry with expired certificates, a missing qualification and a declared
 * conflict; a task locked on four targets (its events written straight into the log — the task
 * and draw APIs are built beside this one); freeze, witness entropy, the draw of groups and
 * experts; a recusal by swap, one by withdrawal with a drawn replacement, a post-change
 * replacement refused without approval and accepted with it; verification from the log; and
 * the refusals that append nothing.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { taskSetUp } from './fixtures/draw-world';
import { LI_MING, WANG_FANG } from './fixtures/inspectors';

type Group = { targetId: string; leaderId: string; members: { inspectorId: string; departmentId: string }[] };

describe('inspector matching (embedded stores)', () => {
  let api: ApiHarness;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const post = (url: string, payload: unknown, who: string) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', ...auth(who) } });
  const get = (url: string, who: string) => api.app.inject({ method: 'GET', url, headers: auth(who) });
  const eventCount = async () => (await api.events.readAll()).length;

  const TASK = 'food-2026-q2';
  const TARGETS = ['91431102MA4L0M0001', '91431102MA4L0M0002', '91431102MA4L0M0003', '91431102MA4L0M0004'];
  const BASE = `/tasks/${TASK}/matchings/lingling`;
  const FIT = ['insp-a', 'insp-b', 'insp-c', 'insp-d', 'insp-e'];

  const inspectorBody = (inspectorId: string, extra: Record<string, unknown> = {}) => ({
    ...LI_MING,
    inspectorId,
    name: inspectorId,
    certificate: { number: `4311022${inspectorId.length}${inspectorId.charCodeAt(5)}`, validFrom: '2024-01-01', validUntil: '2099-12-31' },
    specialties: ['食品安全'],
    qualifications: [],
    ...extra,
  });

  const groups = async (): Promise<Record<string, Group>> =>
    Object.fromEntries(((await get(BASE, 'lingling')).json().groups as Group[]).map((g) => [g.targetId, g]));

  /** The county's checklist of one general item needing 食品安全, approved by the justice bureau (004 §4(3)) and published. */
  const publishFoodChecklist = async (departmentId: 'lingling' | 'qiyang', inspectingBody: string, methods: string[]) => {
    const item = {
      itemId: 'food-01',
      name: '食品生产企业监督检查',
      content: '生产条件、原料进货查验、出厂检验',
      legalBasis: '《中华人民共和国食品安全法》',
      inspectingBody,
      targetType: '食品生产企业',
      methods,
      qualifications: ['食品安全'],
      category: 'general',
      ratioCap: 5,
    };
    expect((await post(`/departments/${departmentId}/checklist/draft/items`, item, departmentId)).statusCode).toBe(201);
    expect((await post(`/departments/${departmentId}/checklist/draft/reviews`, { outcome: 'approved', reviewedOn: '2026-01-08' }, 'admin')).statusCode).toBe(
      201,
    );
    expect((await post(`/departments/${departmentId}/checklist/versions`, { publishedOn: '2026-01-10' }, departmentId)).statusCode).toBe(201);
  };

  /** Targets and a task locked on them, written straight into the log (the task and draw APIs are tested elsewhere). */
  const registerTarget = (targetId: string, departmentId: string, name: string, areaCode: string) =>
    api.events.append(
      `target-${targetId}`,
      proposed('TargetRegistered', {
        targetId,
        departmentId,
        name,
        creditCode: targetId,
        registryId: null,
        subjectType: 'enterprise',
        scale: 'small',
        industry: 'C14',
        areaCode,
        address: `${name}所在路1号`,
        representative: null,
      }),
      'no-stream',
    );
  const lockTask = (taskId: string, departmentId: string, targetIds: string[], drawId: string) =>
    api.events.append(
      `task-${taskId}`,
      [
        ...proposed(
          'TaskSetUp',
          taskSetUp(taskId, [{ classId: 'all', label: '食品生产企业', filter: null, ratio: null, count: targetIds.length, trustworthyRatio: null }], {
            departmentId,
            executingDepartmentIds: [departmentId],
            title: '2026年第二季度食品生产企业双随机抽查',
            items: [{ itemId: 'food-01', checklistVersion: 1, category: 'general' }],
            window: { from: '2026-04-01', to: '2026-06-30' },
            setUpOn: '2026-03-01',
          }),
        ),
        ...proposed('TaskListLocked', {
          taskId,
          departmentId,
          drawId,
          targets: targetIds.map((targetId) => ({ targetId, classId: 'all' })),
          lockedOn: '2026-03-10',
        }),
      ],
      'no-stream',
    );

  beforeAll(async () => {
    api = await startApi();
    for (const [who, role, unit] of [
      ['admin', 'admin', 'hunan'],
      ['lingling', 'staff', 'lingling'],
      ['linglingHead', 'unit-head', 'lingling'],
      ['qiyang', 'staff', 'qiyang'],
      ['qiyangLegal', 'legal', 'qiyang'],
      ['oversight', 'oversight', 'hunan'],
    ] as const) {
      // a subject is a record id: lower case (linglingHead → lingling-head-1)
      tokens[who] = await api.tokenFor(`${who.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-1`, role, unit);
    }
    for (const department of DEPARTMENTS) expect((await post('/departments', department, 'admin')).statusCode).toBe(201);

    await publishFoodChecklist('lingling', '零陵区市场监督管理局', ['on-site', 'sampling-testing']);
    for (const targetId of TARGETS) await registerTarget(targetId, 'lingling', `零陵区食品厂${targetId.slice(-1)}`, '431102');

    for (const id of FIT) expect((await post('/inspectors', inspectorBody(id), 'lingling')).statusCode).toBe(201);
    const expired = inspectorBody('insp-expired', { certificate: { number: '43110229001', validFrom: '2018-01-01', validUntil: '2020-12-31' } });
    expect((await post('/inspectors', expired, 'lingling')).statusCode).toBe(201);
    expect((await post('/inspectors', inspectorBody('insp-metrology', { specialties: ['计量'] }), 'lingling')).statusCode).toBe(201);
    expect((await post('/inspectors/insp-a/conflicts', { targetId: TARGETS[1], reason: '配偶任该企业股东' }, 'lingling')).statusCode).toBe(201);
    for (const expertId of ['expert-1', 'expert-2']) {
      expect((await post('/experts', { ...WANG_FANG, expertId, name: expertId, fields: ['食品检验'] }, 'lingling')).statusCode).toBe(201);
    }
    expect((await post('/experts', { ...WANG_FANG, expertId: 'expert-lift', fields: ['电梯检验'] }, 'lingling')).statusCode).toBe(201);

    await lockTask(TASK, 'lingling', TARGETS, 'draw-1');
  });
  afterAll(() => api.close());

  describe('freezing the candidate pools', () => {
    it('answers bad input with 400 naming each field, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(
        `/tasks/${TASK}/matchings`,
        { departmentId: 'Ling Ling', includeSubordinates: 'yes', neighbouring: { departmentIds: [], reason: '' } },
        'lingling',
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['departmentId', 'includeSubordinates', 'neighbouring.departmentIds', 'neighbouring.reason']),
      );
      expect(await eventCount()).toBe(before);
    });

    it('refuses staff of another county with 403 and appends nothing', async () => {
      const before = await eventCount();
      expect((await post(`/tasks/${TASK}/matchings`, { departmentId: 'lingling' }, 'qiyang')).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('refuses neighbouring areas while the unit has enough inspectors, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(
        `/tasks/${TASK}/matchings`,
        { departmentId: 'lingling', neighbouring: { departmentIds: ['qiyang'], reason: '人员不足' }, experts: { field: '食品检验' } },
        'lingling',
      );
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/matched only when the unit is short/);
      expect(await eventCount()).toBe(before);
    });

    it('publishes per target the pool hash, size and exclusions with reasons before any entropy (000 §18, §20; 002 §21–22)', async () => {
      const response = await post(`/tasks/${TASK}/matchings`, { departmentId: 'lingling', experts: { field: '食品检验' } }, 'lingling');
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ stream: `matching-${TASK}-lingling`, events: ['MatchingPoolsFrozen'], projected: true });
      const view = (await get(BASE, 'lingling')).json();
      expect(view).toMatchObject({ status: 'frozen', drawableOn: '2026-04-01', requirements: ['食品安全'], contributions: [], groups: [] });
      expect(view.serverCommitment).toMatch(/^[0-9a-f]{64}$/);
      expect(view.excluded).toEqual([
        { personId: 'insp-expired', reason: 'certificate-expired', detail: 'enforcement certificate 43110229001 expired after 2020-12-31' },
        { personId: 'insp-metrology', reason: 'lacks-qualification', detail: 'does not meet 食品安全 on 2026-04-01' },
      ]);
      expect(view.targets.map((t: { poolSize: number }) => t.poolSize)).toEqual([5, 4, 5, 5]);
      expect(view.targets[1].excluded).toEqual([{ personId: 'insp-a', reason: 'conflict-of-interest', detail: expect.stringContaining('配偶任该企业股东') }]);
      expect(view.experts).toMatchObject({ need: 'sampling-testing', field: '食品检验', excluded: [{ personId: 'expert-lift', reason: 'field-mismatch' }] });
    });
  });

  describe('entropy and the draw', () => {
    it('refuses to draw before a witness contributes (004 §2(3))', async () => {
      const response = await post(`${BASE}/assign`, {}, 'lingling');
      expect(response.statusCode).toBe(409);
    });

    it('refuses another county’s entropy and draw with 403, appending nothing', async () => {
      const before = await eventCount();
      expect((await post(`${BASE}/entropy`, { label: '公证员', value: '1' }, 'qiyang')).statusCode).toBe(403);
      expect((await post(`${BASE}/assign`, {}, 'qiyang')).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('records the witness value, then reveals the server value and draws 2 per target with one leader (002 §21)', async () => {
      expect((await post(`${BASE}/entropy`, { label: '公证员 张某', value: '3 1 4 1 5 9' }, 'lingling')).statusCode).toBe(201);
      const assigned = await post(`${BASE}/assign`, {}, 'lingling');
      expect(assigned.statusCode).toBe(201);
      expect(assigned.json().events).toEqual(['MatchingEntropyContributed', 'InspectorsMatched']);
      const view = (await get(BASE, 'lingling')).json();
      expect(view.status).toBe('matched');
      expect(view.contributions.map((c: { kind: string }) => c.kind)).toEqual(['witness', 'server']);
      const loads = new Map<string, number>();
      for (const group of view.groups as Group[]) {
        expect(group.members).toHaveLength(2);
        expect(group.leaderId).toBe(group.members[0].inspectorId);
        for (const m of group.members) {
          expect(FIT).toContain(m.inspectorId);
          loads.set(m.inspectorId, (loads.get(m.inspectorId) ?? 0) + 1);
        }
      }
      expect(view.groups[1].members.map((m: { inspectorId: string }) => m.inspectorId)).not.toContain('insp-a');
      expect(Math.max(...loads.values())).toBeLessThanOrEqual(2);
      expect(view.expertAssignments.map((e: { how: string; expertId: string }) => [e.how, ['expert-1', 'expert-2'].includes(e.expertId)])).toEqual(
        Array(4).fill(['drawn', true]),
      );
    });
  });

  describe('recusal and replacement (000 §18, 002 §23)', () => {
    it('swaps two drawn inspectors between targets, with the reason', async () => {
      // the server's key is generated per test run, so the groups differ between runs: take the first two targets whose groups differ
      const current = await groups();
      const ids = (g: Group) => g.members.map((m) => m.inspectorId);
      const [x, y] = [TARGETS[0], TARGETS[2], TARGETS[3]]
        .flatMap((p, i, all) => all.slice(i + 1).map((q) => [p, q]))
        .find(([p, q]) => ids(current[p]).some((id) => !ids(current[q]).includes(id)))!;
      const mover = ids(current[x]).find((id) => !ids(current[y]).includes(id))!;
      const partner = ids(current[y]).find((id) => !ids(current[x]).includes(id))!;
      const response = await post(
        `${BASE}/recusals`,
        { kind: 'swap', inspectorId: mover, targetId: x, withInspectorId: partner, withTargetId: y, reason: '与该企业负责人系同学' },
        'lingling',
      );
      expect(response.statusCode).toBe(201);
      expect(response.json().events).toEqual(['InspectorsSwappedOnRecusal']);
      const after = await groups();
      expect(ids(after[x])).toEqual(ids(current[x]).map((id) => (id === mover ? partner : id)));
      expect(ids(after[y])).toEqual(ids(current[y]).map((id) => (id === partner ? mover : id)));
    });

    it('needs the inspector to swap with, naming the field', async () => {
      const response = await post(`${BASE}/recusals`, { kind: 'swap', inspectorId: 'insp-b', targetId: TARGETS[0], reason: '亲属' }, 'lingling');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['withInspectorId', 'withTargetId']);
    });

    it('withdraws a recusing inspector and draws a replacement from the remaining candidates', async () => {
      const group = (await groups())[TARGETS[3]];
      const response = await post(
        `${BASE}/recusals`,
        { kind: 'withdraw', inspectorId: group.leaderId, targetId: TARGETS[3], reason: '曾在该企业任职' },
        'lingling',
      );
      expect(response.statusCode).toBe(201);
      expect(response.json().events).toEqual(['InspectorWithdrewOnRecusal', 'ReplacementInspectorDrawn']);
      const after = (await groups())[TARGETS[3]];
      expect(after.members.map((m) => m.inspectorId)).not.toContain(group.leaderId);
      expect(after.leaderId).toBe(group.members[1].inspectorId);
      expect(after.members).toHaveLength(2);
    });

    it('refuses a post-change replacement without the unit’s approval (002 §23), appending nothing', async () => {
      const group = (await groups())[TARGETS[1]];
      const before = await eventCount();
      const response = await post(
        `${BASE}/replacements`,
        { inspectorId: group.members[1].inspectorId, targetId: TARGETS[1], cause: 'post-change', reason: '调任办公室' },
        'lingling',
      );
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/approval of a unit-head of lingling \(002 §23\)/);
      expect(await eventCount()).toBe(before);
    });

    it('replaces with the approval of the unit-head, recording cause, reason and approver', async () => {
      const group = (await groups())[TARGETS[1]];
      const leaving = group.members[1].inspectorId;
      const response = await post(
        `${BASE}/replacements`,
        { inspectorId: leaving, targetId: TARGETS[1], cause: 'post-change', reason: '调任办公室' },
        'linglingHead',
      );
      expect(response.statusCode).toBe(201);
      expect(response.json().events).toEqual(['InspectorReleasedWithApproval', 'ReplacementInspectorDrawn']);
      const view = (await get(BASE, 'lingling')).json();
      expect(view.history.map((h: { kind: string }) => h.kind)).toEqual(['swap', 'withdrawal', 'replacement', 'release', 'replacement']);
      expect(view.history[3]).toMatchObject({
        kind: 'release',
        inspectorId: leaving,
        cause: 'post-change',
        reason: '调任办公室',
        approvedBy: { actorId: 'lingling-head-1', role: 'unit-head', unit: 'lingling' },
      });
      const members = (view.groups as Group[])[1].members.map((m) => m.inspectorId);
      expect(members).not.toContain(leaving);
      expect(members).not.toContain('insp-a');
    });

    it('refuses another county’s recusals and replacements with 403, appending nothing', async () => {
      const before = await eventCount();
      expect((await post(`${BASE}/recusals`, { kind: 'withdraw', inspectorId: 'insp-b', targetId: TARGETS[0], reason: '亲属' }, 'qiyang')).statusCode).toBe(
        403,
      );
      expect((await post(`${BASE}/replacements`, { inspectorId: 'insp-b', targetId: TARGETS[0], cause: 'health', reason: '住院' }, 'qiyang')).statusCode).toBe(
        403,
      );
      expect(await eventCount()).toBe(before);
    });
  });

  describe('verification and reading', () => {
    it('recomputes the whole matching from the event log and finds it intact', async () => {
      const response = await get(`${BASE}/verification`, 'lingling');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, targets: 4, recusals: 2, replacements: 2 });
    });

    it('is read by the legal and discipline units of any department (000 §18–19), not by another county’s staff', async () => {
      expect((await get(`${BASE}/verification`, 'qiyangLegal')).statusCode).toBe(200);
      expect((await get(BASE, 'oversight')).statusCode).toBe(200);
      expect((await get(BASE, 'qiyang')).statusCode).toBe(403);
      expect((await get(`${BASE}/verification`, 'qiyang')).statusCode).toBe(403);
      expect((await get(`/tasks/${TASK}/matchings`, 'qiyang')).json()).toEqual([]);
      expect((await get(`/tasks/${TASK}/matchings`, 'qiyangLegal')).json()).toHaveLength(1);
    });

    it('is not public', async () => {
      expect((await api.app.inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
    });

    it('shows each inspector’s workload: 8 places spread over the eligible inspectors', async () => {
      const response = await get('/departments/lingling/inspector-workload', 'lingling');
      expect(response.statusCode).toBe(200);
      const rows = response.json() as { inspectorId: string; count: number; assignments: { role: string }[] }[];
      expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(8);
      expect(rows.every((r) => FIT.includes(r.inspectorId))).toBe(true);
      expect(rows.flatMap((r) => r.assignments).filter((a) => a.role === 'leader')).toHaveLength(4);
      expect((await get('/departments/lingling/inspector-workload', 'qiyang')).statusCode).toBe(403);
    });
  });
  describe('000 §10, §18: a target short of inspectors is refused naming everyone left out and why, in Chinese by default', () => {
    const SHORT_TASK = 'qiyang-food-2026';
    const SHORT_TARGET = '91431121MA4Q0M0001';
    const matchQiyang = () =>
      api.app.inject({
        method: 'POST',
        url: `/tasks/${SHORT_TASK}/matchings`,
        payload: { departmentId: 'qiyang' },
        headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN,zh;q=0.9', ...auth('qiyang') },
      });

    beforeAll(async () => {
      await publishFoodChecklist('qiyang', '祁阳市市场监督管理局', ['on-site']);
      // one inspector fit; one whose certificate has expired; one without the item's 食品安全
      const inQiyang = (inspectorId: string, certificate: string, extra: Record<string, unknown> = {}) =>
        inspectorBody(inspectorId, {
          departmentId: 'qiyang',
          certificate: { number: certificate, validFrom: '2024-01-01', validUntil: '2099-12-31' },
          ...extra,
        });
      expect((await post('/inspectors', inQiyang('qy-fit', '43112130001'), 'qiyang')).statusCode).toBe(201);
      const expired = inQiyang('qy-expired', '43112130002', { certificate: { number: '43112130002', validFrom: '2018-01-01', validUntil: '2020-12-31' } });
      expect((await post('/inspectors', expired, 'qiyang')).statusCode).toBe(201);
      expect((await post('/inspectors', inQiyang('qy-metrology', '43112130003', { specialties: ['计量'] }), 'qiyang')).statusCode).toBe(201);
      await registerTarget(SHORT_TARGET, 'qiyang', '祁阳市食品厂', '431121');
      await lockTask(SHORT_TASK, 'qiyang', [SHORT_TARGET], 'draw-qy-1');
    });

    it('refuses with 409 listing each inspector left out with the reason in words, and appends nothing', async () => {
      const before = await eventCount();
      const response = await matchQiyang();
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-language']).toBe('zh-CN');
      expect(response.json().detail).toBe(
        `检查对象 ${SHORT_TARGET} 只有 1 名符合条件的执法检查人员；检查组至少需要 2 名（002 §21）：请纳入下级单位或指定相邻地区。` +
          '已排除：qy-expired（执法证已过期：执法证 43112130002 有效期至 2020-12-31，已过期）；qy-metrology（不具备检查事项要求的资格：2026-04-01 不具备 食品安全）',
      );
      expect(await eventCount()).toBe(before);
    });

    it('freezes once the missing qualification is recorded by an amendment (000 §12)', async () => {
      const amendment = {
        specialties: ['计量', '食品安全'],
        qualifications: [],
        qualificationClass: LI_MING.qualificationClass,
        reason: '取得食品安全执法资格',
        amendedOn: '2026-03-15',
      };
      expect((await post('/inspectors/qy-metrology/qualifications', amendment, 'qiyang')).statusCode).toBe(201);
      const response = await matchQiyang();
      expect(response.statusCode).toBe(201);
      const view = (await get(`/tasks/${SHORT_TASK}/matchings/qiyang`, 'qiyang')).json();
      expect(view.targets).toEqual([expect.objectContaining({ targetId: SHORT_TARGET, poolSize: 2 })]);
      expect(view.excluded).toEqual([expect.objectContaining({ personId: 'qy-expired', reason: 'certificate-expired' })]);
    });
  });
});
