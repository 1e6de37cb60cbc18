/**
 * The inspection record over HTTP (issue 5 items 2–4; DOMAIN.md, Inspection, report,
 * publication: 000 §21–25, 002 §21–32). A county's task dispatched three targets and its matching
 * drew a group for one — both written straight into the log (the task and matching APIs have
 * their own suites). One target is inspected to the end: pre-check, the on-site record refused
 * with one inspector and accepted with the two drawn, item and test results, report, feedback,
 * entry and referral. One is not at its registered address. One moved and is handed over to the
 * neighbouring county, which takes it over and inspects it with its own inspectors. Another
 * county is refused with 403 and appends nothing.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { taskSetUp } from './fixtures/draw-world';
import { LI_MING } from './fixtures/inspectors';

describe('inspection record (embedded stores)', () => {
  let api: ApiHarness;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const post = (url: string, payload: unknown, who: string) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', ...auth(who) } });
  const get = (url: string, who: string) => api.app.inject({ method: 'GET', url, headers: auth(who) });
  const eventCount = async () => (await api.events.readAll()).length;

  const TASK = 'food-2026-q2';
  const [DONE, AWAY, MOVED, NOT_DISPATCHED] = ['T000001', 'T000002', 'T000003', 'T000004'];
  const record = (targetId: string) => `/tasks/${TASK}/inspections/${targetId}`;
  const photo = { name: '现场检查笔录.pdf', sha256: 'ab'.repeat(32), mediaType: 'application/pdf' };
  const onSite = {
    inspectorIds: ['insp-a', 'insp-b'],
    credentialsShown: true,
    noticeDelivered: true,
    acknowledgement: { kind: 'refused', witness: '社区网格员 刘某' },
    methods: ['on-site', 'sampling-testing'],
    startedOn: '2026-04-10',
    endedOn: '2026-04-10',
    evidence: [photo],
  };

  const inspector = (inspectorId: string, departmentId: string, n: number) => ({
    ...LI_MING,
    inspectorId,
    departmentId,
    name: inspectorId,
    certificate: { number: `4311022100${n}`, validFrom: '2024-01-01', validUntil: '2099-12-31' },
  });

  beforeAll(async () => {
    api = await startApi();
    for (const [who, role, unit] of [
      ['admin', 'admin', 'hunan'],
      ['lingling', 'staff', 'lingling'],
      ['qiyang', 'staff', 'qiyang'],
      ['oversight', 'oversight', 'hunan'],
    ] as const) {
      tokens[who] = await api.tokenFor(`${who}-1`, role, unit);
    }
    for (const department of DEPARTMENTS) expect((await post('/departments', department, 'admin')).statusCode).toBe(201);
    for (const [i, id] of ['insp-a', 'insp-b', 'insp-c'].entries())
      expect((await post('/inspectors', inspector(id, 'lingling', i), 'lingling')).statusCode).toBe(201);
    for (const [i, id] of ['qy-1', 'qy-2'].entries()) expect((await post('/inspectors', inspector(id, 'qiyang', i + 5), 'qiyang')).statusCode).toBe(201);

    for (const targetId of [DONE, AWAY, MOVED, NOT_DISPATCHED]) {
      await api.events.append(
        `target-${targetId}`,
        proposed('TargetRegistered', {
          targetId,
          departmentId: 'lingling',
          name: `零陵区食品厂${targetId.slice(-1)}`,
          creditCode: null,
          registryId: targetId,
          subjectType: 'enterprise',
          scale: 'small',
          industry: 'C14',
          areaCode: '431102',
          address: '零陵区某路1号',
          representative: null,
        }),
        'no-stream',
      );
    }
    await api.events.append(
      `task-${TASK}`,
      [
        ...proposed(
          'TaskSetUp',
          taskSetUp(TASK, [{ classId: 'all', label: '食品生产企业', filter: null, ratio: null, count: 3, trustworthyRatio: null }], {
            title: '2026年第二季度食品生产企业双随机抽查',
            items: [
              { itemId: 'food-01', checklistVersion: 1, category: 'general' },
              { itemId: 'food-02', checklistVersion: 1, category: 'general' },
            ],
            window: { from: '2026-04-01', to: '2026-06-30' },
            setUpOn: '2026-03-01',
          }),
        ),
        ...proposed('TaskListLocked', {
          taskId: TASK,
          departmentId: 'lingling',
          drawId: 'draw-1',
          targets: [DONE, AWAY, MOVED].map((targetId) => ({ targetId, classId: 'all' })),
          lockedOn: '2026-03-10',
        }),
        ...proposed('TaskDispatched', {
          taskId: TASK,
          departmentId: 'lingling',
          executingDepartmentId: 'lingling',
          targetIds: [DONE, AWAY, MOVED],
          dispatchedOn: '2026-03-10',
        }),
      ],
      'no-stream',
    );
    const drawnFrom = { stratum: 'group', poolHash: '0'.repeat(64), poolSize: 3, load: 0, seed: '0'.repeat(64) };
    await api.events.append(
      `matching-${TASK}-lingling`,
      [
        ...proposed('MatchingPoolsFrozen', {
          taskId: TASK,
          departmentId: 'lingling',
          algorithm: 'test',
          candidatesPosition: '0/0',
          drawableOn: '2026-04-01',
          includeSubordinates: false,
          neighbouring: null,
          requirements: [],
          groupSize: 2,
          considered: ['insp-a', 'insp-b', 'insp-c'].map((personId) => ({ personId, departmentId: 'lingling', source: 'own' })),
          excluded: [],
          targets: [],
          experts: null,
          serverCommitment: '0'.repeat(64),
          frozenOn: '2026-03-12',
        }),
        ...proposed('InspectorsMatched', {
          taskId: TASK,
          departmentId: 'lingling',
          entropyKinds: ['witness', 'server'],
          groups: [
            {
              targetId: DONE,
              leaderId: 'insp-a',
              members: [
                { inspectorId: 'insp-a', departmentId: 'lingling' },
                { inspectorId: 'insp-b', departmentId: 'lingling' },
              ],
              drawnFrom,
            },
          ],
          experts: [],
          matchedOn: '2026-03-12',
        }),
      ],
      'no-stream',
    );
  });
  afterAll(() => api.close());

  describe('opening (一对象一表单, 002 §24)', () => {
    it('refuses staff of another county with 403 and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(`/tasks/${TASK}/inspections`, { targetId: DONE, departmentId: 'lingling', openedOn: '2026-04-01' }, 'qiyang');
      expect(response.statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('answers bad input with 400 naming each field, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(`/tasks/${TASK}/inspections`, { targetId: '', departmentId: 'Ling Ling', openedOn: '2026-02-30' }, 'lingling');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['targetId', 'departmentId', 'openedOn']));
      expect(await eventCount()).toBe(before);
    });

    it('refuses a target not dispatched to the department (002 §19)', async () => {
      const response = await post(`/tasks/${TASK}/inspections`, { targetId: NOT_DISPATCHED, departmentId: 'lingling', openedOn: '2026-04-01' }, 'lingling');
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/not dispatched to lingling/);
    });

    it('opens one record per dispatched target with the task’s items', async () => {
      for (const targetId of [DONE, AWAY, MOVED]) {
        const response = await post(`/tasks/${TASK}/inspections`, { targetId, departmentId: 'lingling', openedOn: '2026-04-01' }, 'lingling');
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ stream: `inspection-${TASK}-${targetId}`, events: ['InspectionOpened'], projected: true });
      }
      expect((await get(record(DONE), 'lingling')).json()).toMatchObject({
        status: 'opened',
        departmentId: 'lingling',
        items: [{ itemId: 'food-01' }, { itemId: 'food-02' }],
      });
    });
  });

  describe('a target inspected to the end', () => {
    it('records the pre-check (预查比对, 002 §25)', async () => {
      const response = await post(
        `${record(DONE)}/pre-checks`,
        { checkedOn: '2026-04-02', sources: ['国家企业信用信息公示系统'], notes: '登记信息一致' },
        'lingling',
      );
      expect(response.statusCode).toBe(201);
    });

    it('refuses the on-site record with one inspector: at least two (002 §21, §26), appending nothing', async () => {
      const before = await eventCount();
      const response = await post(`${record(DONE)}/on-site`, { ...onSite, inspectorIds: ['insp-a'] }, 'lingling');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'inspectorIds', reason: expect.stringMatching(/at least 2 different inspectors.*002 §21, §26/) }]);
      expect(await eventCount()).toBe(before);
    });

    it('refuses an inspector outside the drawn group, a bad hash, and unshown credentials (000 §18, 002 §26, §32)', async () => {
      const before = await eventCount();
      expect((await post(`${record(DONE)}/on-site`, { ...onSite, inspectorIds: ['insp-a', 'insp-c'] }, 'lingling')).json().errors[0].field).toBe(
        'inspectorIds',
      );
      const badHash = await post(`${record(DONE)}/on-site`, { ...onSite, evidence: [{ ...photo, sha256: 'xyz' }] }, 'lingling');
      expect(badHash.statusCode).toBe(400);
      expect(badHash.json().errors.map((e: { field: string }) => e.field)).toEqual(['evidence.0.sha256']);
      const hidden = await post(`${record(DONE)}/on-site`, { ...onSite, credentialsShown: false }, 'lingling');
      expect(hidden.statusCode).toBe(400);
      expect(hidden.json().errors[0].field).toBe('credentialsShown');
      const unwitnessed = await post(`${record(DONE)}/on-site`, { ...onSite, acknowledgement: { kind: 'refused' } }, 'lingling');
      expect(unwitnessed.statusCode).toBe(400);
      expect([...new Set(unwitnessed.json().errors.map((e: { field: string }) => e.field))]).toEqual(['acknowledgement.witness']);
      expect(await eventCount()).toBe(before);
    });

    it('refuses another county’s on-site record with 403 and appends nothing', async () => {
      const before = await eventCount();
      expect((await post(`${record(DONE)}/on-site`, onSite, 'qiyang')).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('records the two drawn inspectors, the witnessed refusal and the evidence hash (002 §26)', async () => {
      expect((await post(`${record(DONE)}/on-site`, onSite, 'lingling')).statusCode).toBe(201);
      expect((await get(record(DONE), 'lingling')).json()).toMatchObject({
        status: 'inspected',
        onSite: { inspectorIds: ['insp-a', 'insp-b'], evidence: [photo] },
      });
    });

    it('refuses a result for an item not in the task (002 §24)', async () => {
      const response = await post(`${record(DONE)}/items/metrology-01/result`, { result: 'compliant', recordedOn: '2026-04-10' }, 'lingling');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('itemId');
    });

    it('refuses the report until every item has a result and the test has settled (000 §21)', async () => {
      expect(
        (await post(`${record(DONE)}/items/food-01/result`, { result: 'non-compliant', findings: '未查验原料合格证明', recordedOn: '2026-04-10' }, 'lingling'))
          .statusCode,
      ).toBe(201);
      const report = {
        reportedOn: '2026-04-14',
        content: '检查生产条件',
        findings: '未查验原料合格证明',
        evaluation: '不合格',
        handlingOpinion: '移送',
        foundProblems: true,
      };
      expect((await post(`${record(DONE)}/report`, report, 'lingling')).json().detail).toMatch(/no result yet for food-02/);
      expect((await post(`${record(DONE)}/items/food-02/result`, { result: 'awaiting-test', recordedOn: '2026-04-10' }, 'lingling')).statusCode).toBe(201);
      const waiting = await post(`${record(DONE)}/report`, report, 'lingling');
      expect(waiting.statusCode).toBe(409);
      expect(waiting.json().detail).toMatch(/await a settled test result \(000 §21\)/);
      const test = { laboratory: '永州市食品药品检验所', conclusion: 'fail', deliveredOn: '2026-04-20', settledOn: '2026-04-27', evidence: [photo] };
      expect((await post(`${record(DONE)}/items/food-02/test-result`, test, 'lingling')).statusCode).toBe(201);
      expect((await post(`${record(DONE)}/report`, { ...report, reportedOn: '2026-04-28' }, 'lingling')).statusCode).toBe(201);
    });

    it('enters results only after the feedback (000 §22–23) and refers the violation with its number (000 §25)', async () => {
      expect((await post(`${record(DONE)}/entry`, { enteredOn: '2026-04-29' }, 'lingling')).statusCode).toBe(409);
      expect((await post(`${record(DONE)}/feedback`, { channel: 'post', deliveredOn: '2026-04-30' }, 'lingling')).statusCode).toBe(201);
      expect((await post(`${record(DONE)}/entry`, { enteredOn: '2026-05-06' }, 'lingling')).statusCode).toBe(201);
      expect(
        (await post(`${record(DONE)}/referrals`, { to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-29' }, 'lingling'))
          .statusCode,
      ).toBe(201);
      const view = (await get(record(DONE), 'lingling')).json();
      expect(view).toMatchObject({
        status: 'entered',
        report: { reportedOn: '2026-04-28', concludedOn: '2026-04-10', foundProblems: true, departmentId: 'lingling' },
        feedback: { channel: 'post', deliveredOn: '2026-04-30' },
        enteredOn: '2026-05-06',
        referrals: [{ to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-29' }],
      });
      expect(view.items[1].tests).toEqual([
        { laboratory: '永州市食品药品检验所', conclusion: 'fail', deliveredOn: '2026-04-20', settledOn: '2026-04-27', evidence: [photo] },
      ]);
    });
  });

  describe('a target not at its registered address (002 §30)', () => {
    it('is recorded as not inspected, counted as completed, and the record closes', async () => {
      expect(
        (await post(`${record(AWAY)}/unreachable`, { reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [photo] }, 'lingling'))
          .statusCode,
      ).toBe(201);
      const before = await eventCount();
      const onSiteAfter = await post(`${record(AWAY)}/on-site`, onSite, 'lingling');
      expect(onSiteAfter.statusCode).toBe(409);
      expect(onSiteAfter.json().detail).toMatch(/record is closed \(002 §30\)/);
      expect((await post(`${record(AWAY)}/feedback`, { channel: 'post', deliveredOn: '2026-04-09' }, 'lingling')).statusCode).toBe(409);
      expect(await eventCount()).toBe(before);
      expect((await get(record(AWAY), 'lingling')).json()).toMatchObject({ status: 'unreachable', unreachable: { reason: 'not-at-registered-address' } });
    });
  });

  describe('a target that moved (002 §30: handed over, recorded on both sides)', () => {
    it('refuses the handover until the registry records the move', async () => {
      const response = await post(`${record(MOVED)}/handover`, { toDepartmentId: 'qiyang', handedOverOn: '2026-04-05' }, 'lingling');
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/registry shows .* under lingling/);
    });

    it('hands over, and only the receiving county may take over', async () => {
      await api.events.append(
        `target-${MOVED}`,
        proposed('TargetJurisdictionTransferred', {
          targetId: MOVED,
          effectiveDate: '2026-04-03',
          source: '迁移登记',
          fromDepartmentId: 'lingling',
          toDepartmentId: 'qiyang',
        }),
        0,
      );
      expect((await post(`${record(MOVED)}/handover`, { toDepartmentId: 'qiyang', handedOverOn: '2026-04-05' }, 'lingling')).statusCode).toBe(201);
      expect((await get(record(MOVED), 'lingling')).json()).toMatchObject({ status: 'handed-over', departmentId: 'lingling' });
      expect((await post(`${record(MOVED)}/on-site`, onSite, 'lingling')).statusCode).toBe(409);
      const before = await eventCount();
      expect((await post(`${record(MOVED)}/take-over`, { takenOverOn: '2026-04-07' }, 'lingling')).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
      expect((await post(`${record(MOVED)}/take-over`, { takenOverOn: '2026-04-07' }, 'qiyang')).statusCode).toBe(201);
    });

    it('lets the receiving county inspect with its own inspectors, and no longer the sending one', async () => {
      const before = await eventCount();
      expect((await post(`${record(MOVED)}/on-site`, onSite, 'lingling')).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
      const response = await post(
        `${record(MOVED)}/on-site`,
        { ...onSite, inspectorIds: ['qy-1', 'qy-2'], startedOn: '2026-04-09', endedOn: '2026-04-09' },
        'qiyang',
      );
      expect(response.statusCode).toBe(201);
      expect((await get(record(MOVED), 'qiyang')).json()).toMatchObject({
        status: 'inspected',
        departmentId: 'qiyang',
        departmentIds: ['lingling', 'qiyang'],
        handovers: [{ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-05', takenOverOn: '2026-04-07' }],
      });
    });
  });

  describe('staff views', () => {
    it('lists the task’s records with their status for its department and oversight', async () => {
      for (const who of ['lingling', 'oversight']) {
        const response = await get(`/tasks/${TASK}/inspections`, who);
        expect(response.statusCode).toBe(200);
        expect(response.json().inspections.map((i: { targetId: string; status: string }) => [i.targetId, i.status])).toEqual([
          [DONE, 'entered'],
          [AWAY, 'unreachable'],
          [MOVED, 'inspected'],
        ]);
      }
    });

    it('shows the receiving county only the record it took over', async () => {
      const response = await get(`/tasks/${TASK}/inspections`, 'qiyang');
      expect(response.json()).toMatchObject({ total: 1, inspections: [{ targetId: MOVED }] });
      expect((await get(record(DONE), 'qiyang')).statusCode).toBe(403);
    });
  });
});
