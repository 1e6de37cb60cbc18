/**
 * The inspector registry and expert pool over HTTP, as a county's staff would use them
 * (000 §12, 002 §11 §22): registering, a conflict-of-interest declaration (000 §18, 002 §23),
 * the published view that shows only what 000 §12 publishes, the staff view, a move between
 * counties, a lapsed certificate, and the refusals that append nothing.
 */
import { eventIdFor } from '@app/event-store';
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { LI_MING, WANG_FANG, ZHANG_HUA } from './fixtures/inspectors';

describe('inspector registry and expert pool (embedded stores)', () => {
  let api: ApiHarness;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', ...headers } });
  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
  const eventCount = async () => (await api.events.readAll()).length;

  const TARGET = '91431102MA4L0XXX01';

  beforeAll(async () => {
    api = await startApi();
    for (const [who, role, unit] of [
      ['admin', 'admin', 'hunan'],
      ['lingling', 'staff', 'lingling'],
      ['qiyang', 'staff', 'qiyang'],
      ['yongzhou', 'staff', 'yongzhou'],
      ['legal', 'legal', 'lingling'],
      ['oversight', 'oversight', 'hunan'],
    ] as const) {
      tokens[who] = await api.tokenFor(`${who}-1`, role, unit);
    }
    for (const department of DEPARTMENTS) {
      expect((await post('/departments', department, auth('admin'))).statusCode).toBe(201);
    }
    // The target registry is a capability of its own; a declaration needs only the target's stream to exist.
    await api.events.append(
      `target-${TARGET}`,
      [
        {
          id: eventIdFor('fixture-target-0001', 0),
          type: 'TargetRegistered',
          schemaVersion: 1,
          data: {
            targetId: TARGET,
            departmentId: 'lingling',
            name: '永州市零陵区某食品有限公司',
            creditCode: TARGET,
            registryId: null,
            subjectType: 'enterprise',
            scale: 'small',
            industry: 'C14',
            areaCode: '431102',
            address: '零陵区某路1号',
            representative: null,
          },
          metadata: {
            actorId: 'fixture',
            role: 'admin',
            unit: 'lingling',
            commandId: 'fixture-target-0001',
            correlationId: 'f',
            causationId: 'f',
            recordedAt: '2026-01-05T00:00:00.000Z',
          },
        },
      ],
      'no-stream',
    );
  });
  afterAll(() => api.close());

  describe('registering', () => {
    it('registers inspectors and an expert in a county through the API', async () => {
      for (const inspector of [LI_MING, ZHANG_HUA]) {
        const response = await post('/inspectors', inspector, auth('lingling'));
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ stream: `inspector-${inspector.inspectorId}`, events: ['InspectorRegistered'], projected: true });
      }
      const expert = await post('/experts', WANG_FANG, auth('lingling'));
      expect(expert.statusCode).toBe(201);
      const [first] = await api.events.readStream('inspector-li-ming');
      expect(first.data).toMatchObject({
        departmentId: 'lingling',
        gender: 'male',
        qualifications: [{ name: '特种设备检验员证', number: 'TS-QUAL-0001', validUntil: null }],
      });
      expect(first.metadata).toMatchObject({ actorId: 'lingling-1', role: 'staff', unit: 'lingling' });
    });

    it('answers bad input with 400 naming each field and reason, and appends nothing', async () => {
      const before = await eventCount();
      const response = await post(
        '/inspectors',
        {
          ...LI_MING,
          inspectorId: 'Bad Id',
          gender: 'x',
          certificate: { number: '1', validFrom: '2024-02-30', validUntil: '2026-01-01' },
          joinedOn: 'yesterday',
        },
        auth('lingling'),
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual(
        expect.arrayContaining([
          { field: 'inspectorId', reason: 'inspectorId must be 2–64 lowercase letters, digits or hyphens' },
          { field: 'gender', reason: 'gender must be one of male, female' },
          { field: 'certificate.number', reason: 'number must be 4–40 letters, digits or hyphens' },
          { field: 'certificate.validFrom', reason: 'validFrom must be a calendar day, YYYY-MM-DD' },
          { field: 'joinedOn', reason: 'joinedOn must be a calendar day, YYYY-MM-DD' },
        ]),
      );
      expect(await eventCount()).toBe(before);
    });

    it('refuses a certificate whose validity ends before it starts with 400 on that field, appending nothing (000 §12)', async () => {
      const before = await eventCount();
      const response = await post(
        '/inspectors',
        { ...LI_MING, inspectorId: 'chen-gang', certificate: { number: '43110220003', validFrom: '2026-01-01', validUntil: '2025-12-31' } },
        auth('lingling'),
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'certificate.validUntil', reason: "the certificate's validity ends (2025-12-31) before it starts (2026-01-01)" },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it("gives another county's staff 403 and appends nothing", async () => {
      const before = await eventCount();
      expect((await post('/inspectors', { ...LI_MING, inspectorId: 'chen-gang' }, auth('qiyang'))).statusCode).toBe(403);
      expect(
        (await post('/inspectors/li-ming/post-changes', { post: '稽查队员', postCategory: '稽查', changedOn: '2025-02-01' }, auth('qiyang'))).statusCode,
      ).toBe(403);
      expect((await post('/inspectors/li-ming/conflicts', { targetId: TARGET, reason: '亲属' }, auth('qiyang'))).statusCode).toBe(403);
      expect((await post('/experts', { ...WANG_FANG, expertId: 'other' }, auth('qiyang'))).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('conflict of interest (回避, 000 §18, 002 §23)', () => {
    it('records a declaration on the inspector stream', async () => {
      const response = await post('/inspectors/li-ming/conflicts', { targetId: TARGET, reason: '配偶任该企业股东' }, auth('lingling'));
      expect(response.statusCode).toBe(201);
      const events = await api.events.readStream('inspector-li-ming');
      expect(events[events.length - 1]).toMatchObject({
        type: 'ConflictOfInterestDeclared',
        data: { personKind: 'inspector', personId: 'li-ming', targetId: TARGET, reason: '配偶任该企业股东' },
      });
    });

    it('lets the legal unit record an expert declaration', async () => {
      expect((await post('/experts/wang-fang/conflicts', { targetId: TARGET, reason: '曾为该企业提供咨询' }, auth('legal'))).statusCode).toBe(201);
    });

    it('answers 404 for a target not in the registry, and 409 for a second declaration, appending nothing', async () => {
      const before = await eventCount();
      const unknown = await post('/inspectors/li-ming/conflicts', { targetId: 'NO-SUCH-TARGET', reason: 'x' }, auth('lingling'));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().errors).toEqual([{ field: 'targetId', reason: 'target NO-SUCH-TARGET is not in the target registry' }]);
      expect((await post('/inspectors/li-ming/conflicts', { targetId: TARGET, reason: 'again' }, auth('lingling'))).statusCode).toBe(409);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('the published registry (000 §12)', () => {
    const PUBLIC_KEYS = ['certificate', 'department', 'inspectorId', 'name', 'postCategory', 'specialties'];

    it('lists name, unit, certificate number and validity, post category and specialties — no gender, no conflicts', async () => {
      const response = await get('/inspectors?departmentId=lingling');
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ total: 2, offset: 0, limit: 50 });
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(PUBLIC_KEYS);
      expect(page.items[0]).toEqual({
        inspectorId: 'li-ming',
        name: '李明',
        department: { departmentId: 'lingling', name: '零陵区市场监督管理局' },
        certificate: { number: '43110220001', validFrom: '2024-01-01', validUntil: '2099-12-31', status: 'valid' },
        postCategory: '行政执法',
        specialties: ['食品安全', '特种设备'],
      });
      expect(page.items[1].certificate.status).toBe('expired');
      for (const secret of ['gender', 'male', 'female', 'conflict', TARGET, '配偶', 'TS-QUAL-0001']) expect(response.body).not.toContain(secret);
    });

    it('shows one entry the same way', async () => {
      const response = await get('/inspectors/li-ming');
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json()).sort()).toEqual(PUBLIC_KEYS);
      expect(response.body).not.toContain('male');
    });

    it('filters by specialty, post category and drawability on a day (a lapsed certificate cannot be drawn)', async () => {
      const names = async (query: string) => (await get(`/inspectors?${query}`)).json().items.map((i: { inspectorId: string }) => i.inspectorId);
      expect(await names('specialty=%E8%AE%A1%E9%87%8F')).toEqual(['zhang-hua']);
      expect(await names('postCategory=%E8%A1%8C%E6%94%BF%E6%89%A7%E6%B3%95&departmentId=lingling')).toEqual(['li-ming', 'zhang-hua']);
      expect(await names('departmentId=lingling&drawableOn=2026-06-01')).toEqual(['li-ming']);
      expect(await names('departmentId=lingling&drawableOn=2020-12-31')).toEqual(['zhang-hua']);
      expect(await names('limit=1&offset=1')).toEqual(['zhang-hua']);
    });

    it('answers a bad filter with 400 naming the field', async () => {
      const response = await get('/inspectors?drawableOn=2026-13-01&limit=0');
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['drawableOn', 'limit']);
    });
  });

  describe('the staff view', () => {
    it('shows everything, conflicts included, to the own county and its superior', async () => {
      for (const who of ['lingling', 'yongzhou']) {
        const response = await get('/staff/inspectors/li-ming', auth(who));
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({
          inspectorId: 'li-ming',
          gender: 'male',
          qualifications: [{ name: '特种设备检验员证', number: 'TS-QUAL-0001', validUntil: null }],
          conflicts: [{ targetId: TARGET, reason: '配偶任该企业股东', withdrawnOn: null }],
        });
      }
    });

    it("is closed to another county's staff and to the anonymous public", async () => {
      expect((await get('/staff/inspectors/li-ming', auth('qiyang'))).statusCode).toBe(403);
      expect((await get('/staff/inspectors/li-ming')).statusCode).toBe(401);
    });

    it('lists conflict declarations for the legal and discipline units, not for business staff', async () => {
      for (const who of ['legal', 'oversight']) {
        const response = await get('/staff/inspectors/li-ming/conflicts', auth(who));
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ personKind: 'inspector', personId: 'li-ming', conflicts: [{ targetId: TARGET, reason: '配偶任该企业股东' }] });
      }
      expect((await get('/staff/experts/wang-fang/conflicts', auth('oversight'))).json().conflicts).toHaveLength(1);
      expect((await get('/staff/inspectors/li-ming/conflicts', auth('lingling'))).statusCode).toBe(403);
    });

    it('lists the expert pool with the private contact to its own county only', async () => {
      const response = await get('/experts?departmentId=lingling', auth('lingling'));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        total: 1,
        items: [{ expertId: 'wang-fang', fields: ['电梯检验'], contact: { phone: '13800000000', email: null } }],
      });
      expect((await get('/experts?departmentId=lingling', auth('qiyang'))).statusCode).toBe(403);
      expect((await get('/experts?departmentId=lingling')).statusCode).toBe(401);
    });
  });

  describe('certificate lapse (an inspector without a valid certificate cannot be drawn)', () => {
    it('records the lapse of a certificate past its last valid day', async () => {
      const response = await post('/inspectors/zhang-hua/certificate/expiry', {}, auth('lingling'));
      expect(response.statusCode).toBe(201);
      expect(response.json().events).toEqual(['EnforcementCertificateExpired']);
      expect((await get('/staff/inspectors/zhang-hua', auth('lingling'))).json().certificate).toMatchObject({
        number: '43110220002',
        expiredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
    });

    it('refuses to record the lapse of a certificate still valid, with 409 and nothing appended', async () => {
      const before = await eventCount();
      const response = await post('/inspectors/li-ming/certificate/expiry', {}, auth('lingling'));
      expect(response.statusCode).toBe(409);
      expect(response.json().errors).toEqual([{ field: 'certificate', reason: 'certificate 43110220001 is valid until 2099-12-31' }]);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('moving to another county', () => {
    it('is not for the sending county to record, nor a move to the same unit', async () => {
      const before = await eventCount();
      expect((await post('/inspectors/li-ming/moves', { toDepartmentId: 'qiyang', movedOn: '2026-01-02' }, auth('lingling'))).statusCode).toBe(403);
      expect((await post('/inspectors/li-ming/moves', { toDepartmentId: 'lingling', movedOn: '2026-01-02' }, auth('lingling'))).statusCode).toBe(409);
      expect((await post('/inspectors/li-ming/moves', { toDepartmentId: 'nowhere', movedOn: '2026-01-02' }, auth('admin'))).statusCode).toBe(404);
      expect(await eventCount()).toBe(before);
    });

    it('is recorded by the receiving county, with both departments', async () => {
      const response = await post('/inspectors/li-ming/moves', { toDepartmentId: 'qiyang', movedOn: '2026-01-02', reason: '工作调动' }, auth('qiyang'));
      expect(response.statusCode).toBe(201);
      const events = await api.events.readStream('inspector-li-ming');
      expect(events[events.length - 1]).toMatchObject({
        type: 'InspectorMovedToDepartment',
        data: { inspectorId: 'li-ming', fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', movedOn: '2026-01-02', reason: '工作调动' },
      });
      expect((await get('/inspectors/li-ming')).json().department).toEqual({ departmentId: 'qiyang', name: '祁阳市市场监督管理局' });
      expect((await get('/inspectors?departmentId=lingling')).json().items.map((i: { inspectorId: string }) => i.inspectorId)).toEqual(['zhang-hua']);
    });

    it('hands the record to the new county: the old one may no longer act on it', async () => {
      const before = await eventCount();
      expect(
        (await post('/inspectors/li-ming/post-changes', { post: '稽查队员', postCategory: '稽查', changedOn: '2026-02-01' }, auth('lingling'))).statusCode,
      ).toBe(403);
      expect(await eventCount()).toBe(before);
      expect(
        (await post('/inspectors/li-ming/post-changes', { post: '稽查队员', postCategory: '稽查', changedOn: '2026-02-01' }, auth('qiyang'))).statusCode,
      ).toBe(201);
    });
  });

  describe('amending specialties and qualifications (000 §10, §12)', () => {
    const amendment = {
      specialties: ['食品安全', '计量'],
      qualifications: [{ name: '计量检定员证', number: 'JL-0042', validUntil: '2029-06-30' }],
      qualificationClass: 'A',
      reason: '取得计量检定员证',
      amendedOn: '2026-02-10',
    };

    it('records the new set with its reason, and the registry lists them under the new specialty', async () => {
      const response = await post('/inspectors/li-ming/qualifications', amendment, auth('qiyang'));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ events: ['InspectorQualificationsAmended'], projected: true });
      const staffView = (await get('/staff/inspectors/li-ming', auth('qiyang'))).json();
      expect(staffView).toMatchObject({ specialties: ['食品安全', '计量'], qualifications: amendment.qualifications, qualificationClass: 'A' });
      const withMetrology = (await get('/inspectors?specialty=%E8%AE%A1%E9%87%8F')).json().items.map((i: { inspectorId: string }) => i.inspectorId);
      expect(withMetrology).toContain('li-ming');
    });

    it('refuses an amendment without its reason (400) or by the county the inspector left (403), appending nothing', async () => {
      const before = await eventCount();
      const unreasoned = await post('/inspectors/li-ming/qualifications', { ...amendment, reason: '' }, auth('qiyang'));
      expect(unreasoned.statusCode).toBe(400);
      expect(unreasoned.json().errors).toEqual([{ field: 'reason', reason: 'reason must be 1–500 characters' }]);
      expect((await post('/inspectors/li-ming/qualifications', { ...amendment, reason: '再次修改' }, auth('lingling'))).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('leaving (离职/调离)', () => {
    it('takes the inspector off the published registry, and refuses any later act with 409', async () => {
      expect((await post('/inspectors/zhang-hua/departure', { kind: 'retired', leftOn: '2026-01-31' }, auth('lingling'))).statusCode).toBe(201);
      expect((await get('/inspectors/zhang-hua')).statusCode).toBe(404);
      expect((await get('/staff/inspectors/zhang-hua', auth('lingling'))).json()).toMatchObject({
        status: 'left',
        leftOn: '2026-01-31',
        departure: { kind: 'retired' },
      });
      const before = await eventCount();
      const later = await post(
        '/inspectors/zhang-hua/certificates',
        { number: '43110220009', validFrom: '2026-02-01', validUntil: '2030-01-31' },
        auth('lingling'),
      );
      expect(later.statusCode).toBe(409);
      expect(later.json().errors).toEqual([{ field: 'inspectorId', reason: 'inspector zhang-hua left the registry on 2026-01-31' }]);
      expect(await eventCount()).toBe(before);
    });
  });

  it('keeps the whole story in the history of the inspector', async () => {
    const response = await get('/history/inspector-li-ming', auth('oversight'));
    expect(response.statusCode).toBe(200);
    expect(response.json().events.map((e: { type: string }) => e.type)).toEqual([
      'InspectorRegistered',
      'ConflictOfInterestDeclared',
      'InspectorMovedToDepartment',
      'InspectorPostChanged',
      'InspectorQualificationsAmended',
    ]);
  });
});
