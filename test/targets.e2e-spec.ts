/**
 * The target registry over HTTP as staff use it (000 §13–14, 002 §10, 003 §2(1)): import from
 * an XLSX upload, re-import, import changes, a refused file, queries with filters and paging,
 * the public view, status changes, sub-registries and the scope of the owning jurisdiction.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { TargetRow, creditCodeFor, targetRows, targetsCsv, targetsXlsx } from './fixtures/targets-xlsx';
import { DEPARTMENTS } from './fixtures/departments';
import { upload } from './fixtures/multipart';

describe('target registry (embedded stores)', () => {
  let api: ApiHarness;
  let lingling: string;
  let qiyang: string;
  let oversight: string;
  const rows = targetRows(12);

  const eventCount = async () => (await api.events.readAll()).length;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = (url: string, payload: object, token: string) =>
    api.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...auth(token) } });
  const get = (url: string, token?: string) => api.app.inject({ method: 'GET', url, headers: token ? auth(token) : {} });
  const importFile = async (fileName: string, content: Buffer, token = lingling, departmentId = 'lingling') => {
    const { payload, headers } = upload(fileName, content);
    return api.app.inject({ method: 'POST', url: `/targets/import?departmentId=${departmentId}`, payload, headers: { ...headers, ...auth(token) } });
  };

  beforeAll(async () => {
    // small upload limits, so that a file just over them is quick to make
    api = await startApi({ IMPORT_UPLOAD_MAX_ROWS: '20', IMPORT_UPLOAD_MAX_BYTES: String(64 * 1024) });
    const admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    for (const department of DEPARTMENTS) {
      expect((await post('/departments', department, admin)).statusCode).toBe(201);
    }
    lingling = await api.tokenFor('staff-ll', 'staff', 'lingling');
    qiyang = await api.tokenFor('staff-qy', 'staff', 'qiyang');
    oversight = await api.tokenFor('discipline-1', 'oversight', 'hunan');
  });
  afterAll(() => api.close());

  describe('importing an XLSX upload', () => {
    // written once: an XLSX is a zip whose entries carry the time they were written, so two writes of the same rows can differ
    let file: Promise<Buffer> | undefined;
    const theFile = () => (file ??= targetsXlsx(rows));

    it('registers every row and records the import with its counts and who did it', async () => {
      const before = await eventCount();
      const response = await importFile('targets.xlsx', await theFile());
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        rows: 12,
        registered: 12,
        changed: 0,
        unchanged: 0,
        replayed: false,
        format: 'xlsx',
        events: ['TargetsImported'],
      });
      expect(await eventCount()).toBe(before + 13);
      const record = await api.events.readStream(response.json().stream);
      expect(record).toHaveLength(1);
      expect(record[0].data).toMatchObject({ departmentId: 'lingling', fileName: 'targets.xlsx', rows: 12, registered: 12 });
      expect(record[0].metadata).toMatchObject({ actorId: 'staff-ll', role: 'staff', unit: 'lingling' });
      const target = await api.events.readStream(`target-${rows[0]['统一社会信用代码']}`);
      expect(target[0]).toMatchObject({
        type: 'TargetRegistered',
        data: { departmentId: 'lingling', name: rows[0]['名称'], subjectType: 'enterprise', industry: 'C1391', areaCode: '431102' },
      });
    });

    it('appends nothing when the same file is imported again', async () => {
      const before = await eventCount();
      const response = await importFile('targets.xlsx', await theFile());
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ rows: 12, registered: 0, changed: 0, unchanged: 12, replayed: true, events: [] });
      expect(await eventCount()).toBe(before);
    });

    it('turns changed rows into change events with only the changed fields, and adds new rows', async () => {
      const changed: TargetRow[] = [
        { ...rows[0], 地址: '零陵区潇水路8号' },
        { ...rows[1], 名称: '永州测试改名1号', 行政区划: '431102' },
        ...rows.slice(2),
        ...targetRows(2, 12),
      ];
      const before = await eventCount();
      const response = await importFile('targets-changed.xlsx', await targetsXlsx(changed));
      expect(response.json()).toMatchObject({ rows: 14, registered: 2, changed: 2, unchanged: 10 });
      expect(await eventCount()).toBe(before + 5);
      const [, change] = await api.events.readStream(`target-${rows[1]['统一社会信用代码']}`);
      expect(change).toMatchObject({
        type: 'TargetDetailsChanged',
        data: { changed: { name: '永州测试改名1号', areaCode: '431102' }, previous: { name: rows[1]['名称'], areaCode: '431103' } },
      });
    });

    it('refuses a file with bad rows whole, naming row, column and reason, and appends nothing', async () => {
      const bad = [
        ...rows.slice(0, 1),
        { ...rows[1], 统一社会信用代码: rows[1]['统一社会信用代码'].slice(0, 17) + (rows[1]['统一社会信用代码'][17] === 'A' ? 'B' : 'A') },
        { ...targetRows(1, 40)[0], 名称: '' },
        { ...targetRows(1, 41)[0], 主体类型: '公司', 行政区划: '4311' },
        rows[0],
      ];
      const before = await eventCount();
      const response = await importFile('bad.xlsx', await targetsXlsx(bad));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'row 3, 统一社会信用代码', reason: expect.stringMatching(/check character is wrong/) },
        { field: 'row 4, 名称', reason: 'is required' },
        { field: 'row 5, 主体类型', reason: expect.stringMatching(/'公司' is not one of/) },
        { field: 'row 5, 行政区划', reason: expect.stringMatching(/six-digit/) },
        { field: 'row 6, 统一社会信用代码', reason: `${rows[0]['统一社会信用代码']} is already in row 2 of this file` },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it("refuses a file touching another jurisdiction's target (谁管辖、谁维护), appending nothing", async () => {
      const before = await eventCount();
      const response = await importFile('qiyang.xlsx', await targetsXlsx([...targetRows(1, 60), { ...rows[2], 地址: '祁阳' }]), qiyang, 'qiyang');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'row 3, 统一社会信用代码', reason: expect.stringMatching(/maintained by lingling/) }]);
      expect(await eventCount()).toBe(before);
    });

    it('gets 403 importing for another department and appends nothing', async () => {
      const before = await eventCount();
      const response = await importFile('targets.xlsx', await targetsXlsx(targetRows(1, 70)), qiyang, 'lingling');
      expect(response.statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a file with more rows than IMPORT_UPLOAD_MAX_ROWS with 413, appending nothing', async () => {
      const before = await eventCount();
      const response = await importFile('many.csv', targetsCsv(targetRows(21, 100)));
      expect(response.statusCode).toBe(413);
      expect(response.json().errors).toEqual([{ field: 'file', reason: 'the file has more than 20 rows, the most one import takes' }]);
      expect(await eventCount()).toBe(before);
    });

    it('refuses an upload larger than IMPORT_UPLOAD_MAX_BYTES with 413 before reading it', async () => {
      const before = await eventCount();
      const response = await importFile('big.csv', Buffer.alloc(64 * 1024 + 1, 'x'));
      expect(response.statusCode).toBe(413);
      expect(response.json().errors).toEqual([{ field: 'file', reason: `is larger than the upload limit of ${64 * 1024} bytes` }]);
      expect(await eventCount()).toBe(before);
    });

    it('answers a request that is not a multipart upload with 415', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/targets/import?departmentId=lingling',
        payload: {},
        headers: { 'content-type': 'application/json', ...auth(lingling) },
      });
      expect(response.statusCode).toBe(415);
    });
  });

  describe('queries', () => {
    it('lists the department’s targets in pages', async () => {
      const first = (await get('/targets?limit=5', lingling)).json();
      const second = (await get('/targets?limit=5&offset=5', lingling)).json();
      expect(first.total).toBe(14);
      expect(first.targets).toHaveLength(5);
      expect(second.targets).toHaveLength(5);
      expect(new Set([...first.targets, ...second.targets].map((t: { targetId: string }) => t.targetId)).size).toBe(10);
    });

    it('filters by area, industry prefix, subject type and name prefix, intersecting them', async () => {
      const byArea = (await get('/targets?areaCode=431103', lingling)).json();
      expect(byArea.targets.every((t: { areaCode: string }) => t.areaCode === '431103')).toBe(true);
      const c13 = (await get('/targets?industry=C13', lingling)).json();
      expect(c13.total).toBeGreaterThan(0);
      expect(c13.targets.every((t: { industry: string }) => t.industry.startsWith('C13'))).toBe(true);
      const both = (await get('/targets?industry=C13&subjectType=enterprise&areaCode=431102', lingling)).json();
      expect(
        both.targets.every(
          (t: { industry: string; subjectType: string; areaCode: string }) =>
            t.industry.startsWith('C13') && t.subjectType === 'enterprise' && t.areaCode === '431102',
        ),
      ).toBe(true);
      expect(both.total).toBe(both.targets.length);
      const named = (await get(`/targets?name=${encodeURIComponent('永州测试改名')}`, lingling)).json();
      expect(named.targets.map((t: { targetId: string }) => t.targetId)).toEqual([rows[1]['统一社会信用代码']]);
      const byCode = (await get(`/targets?creditCode=${rows[5]['统一社会信用代码']}`, lingling)).json();
      expect(byCode.total).toBe(1);
    });

    it('finds a name by any part of it of two or more characters, and refuses one character', async () => {
      const middle = (await get(`/targets?name=${encodeURIComponent('测试改')}`, lingling)).json();
      expect(middle.targets.map((t: { targetId: string }) => t.targetId)).toEqual([rows[1]['统一社会信用代码']]);
      expect(middle.total).toBe(1);
      const two = (await get(`/targets?name=${encodeURIComponent('改名')}&limit=5`, lingling)).json();
      expect(two.targets.map((t: { targetId: string }) => t.targetId)).toEqual([rows[1]['统一社会信用代码']]);
      const none = (await get(`/targets?name=${encodeURIComponent('改名测试')}`, lingling)).json();
      expect(none).toMatchObject({ total: 0, targets: [] });
      const one = await get(`/targets?name=${encodeURIComponent('改')}`, lingling);
      expect(one.statusCode).toBe(400);
      expect(one.json().errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    });

    it('refuses bad filters with 400 naming the field', async () => {
      const response = await get('/targets?status=sleeping&limit=0', lingling);
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['limit', 'status']);
    });

    it('shows the public only name, credit code, type, area and standing — no personal data', async () => {
      const individual = rows[1];
      const response = await get(`/public/targets/${individual['统一社会信用代码']}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        targetId: individual['统一社会信用代码'],
        name: '永州测试改名1号',
        creditCode: individual['统一社会信用代码'],
        subjectType: 'individual-business',
        areaCode: '431102',
        status: 'active',
      });
      const list = (await get('/public/targets?subjectType=individual-business')).json();
      expect(list.targets.length).toBeGreaterThan(0);
      expect(Object.keys(list.targets[0]).sort()).toEqual(['areaCode', 'creditCode', 'name', 'status', 'subjectType', 'targetId']);
    });

    it("lets a superior and oversight read a target, but not another county's staff (403)", async () => {
      const id = rows[0]['统一社会信用代码'];
      expect((await get(`/targets/${id}`, await api.tokenFor('city-1', 'staff', 'yongzhou'))).statusCode).toBe(200);
      expect((await get(`/targets/${id}`, oversight)).statusCode).toBe(200);
      expect((await get(`/targets/${id}`, qiyang)).statusCode).toBe(403);
      expect((await get('/targets?departmentId=lingling', qiyang)).statusCode).toBe(403);
    });
  });

  describe('status changes', () => {
    const id = rows[3]['统一社会信用代码'];
    const change = (body: object, token = lingling) =>
      post(`/targets/${id}/status-changes`, { effectiveDate: '2025-04-01', source: '国家企业信用信息公示系统', ...body }, token);

    it('lists a target as abnormal, which the status filter then finds', async () => {
      const response = await change({ change: 'abnormal-in', reason: '未按规定公示年度报告' });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ events: ['TargetListedAsAbnormal'], projected: true });
      const listed = (await get('/targets?status=abnormal', lingling)).json();
      expect(listed.targets.map((t: { targetId: string }) => t.targetId)).toEqual([id]);
      expect(listed.targets[0].abnormal).toEqual({ effectiveDate: '2025-04-01', source: '国家企业信用信息公示系统', reason: '未按规定公示年度报告' });
    });

    it('refuses nonsense transitions with 409 and appends nothing', async () => {
      const before = await eventCount();
      expect((await change({ change: 'abnormal-in', reason: 'again' })).statusCode).toBe(409);
      expect((await change({ change: 'serious-violation-out', reason: 'not on it' })).statusCode).toBe(409);
      expect((await change({ change: 'trustworthy-on' })).statusCode).toBe(409);
      expect(await eventCount()).toBe(before);
    });

    it('needs the fields the change asks for (400)', async () => {
      const response = await change({ change: 'penalised' });
      expect(response.statusCode).toBe(400);
      expect([...new Set(response.json().errors.map((e: { field: string }) => e.field))]).toEqual(['decisionNumber']);
    });

    it("gets 403 changing another department's target and appends nothing", async () => {
      const before = await eventCount();
      expect((await change({ change: 'credit-grade', grade: 'D' }, qiyang)).statusCode).toBe(403);
      expect(await eventCount()).toBe(before);
    });

    it('grades, penalises and deregisters; nothing is recorded after deregistration', async () => {
      expect((await change({ change: 'credit-grade', grade: 'C' })).statusCode).toBe(201);
      expect((await change({ change: 'penalised', decisionNumber: '零市监罚〔2025〕12号' })).statusCode).toBe(201);
      expect((await change({ change: 'deregistered' })).statusCode).toBe(201);
      expect((await change({ change: 'abnormal-out', reason: 'x' })).statusCode).toBe(409);
      const target = (await get(`/targets/${id}`, lingling)).json();
      expect(target).toMatchObject({
        creditGrade: { grade: 'C' },
        penalties: [{ decisionNumber: '零市监罚〔2025〕12号' }],
        deregistered: { effectiveDate: '2025-04-01' },
      });
      expect((await get(`/public/targets/${id}`)).json().status).toBe('deregistered');
      expect((await get('/targets?status=deregistered&creditGrade=C', lingling)).json().total).toBe(1);
    });

    it('moves a target to another jurisdiction, which maintains it from then on', async () => {
      const moved = rows[4]['统一社会信用代码'];
      const response = await post(`/targets/${moved}/transfer`, { toDepartmentId: 'qiyang', effectiveDate: '2025-05-01', source: '迁移登记' }, lingling);
      expect(response.statusCode).toBe(201);
      const [last] = await api.events.readStream(`target-${moved}`, { direction: 'backwards', maxCount: 1 });
      expect(last.data).toMatchObject({ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang' });
      expect(
        (await post(`/targets/${moved}/status-changes`, { change: 'trustworthy-on', effectiveDate: '2025-06-01', source: 'x' }, lingling)).statusCode,
      ).toBe(403);
      expect((await post(`/targets/${moved}/status-changes`, { change: 'trustworthy-on', effectiveDate: '2025-06-01', source: 'x' }, qiyang)).statusCode).toBe(
        201,
      );
      expect((await get('/targets?departmentId=qiyang', qiyang)).json().targets.map((t: { targetId: string }) => t.targetId)).toEqual([moved]);
    });
  });

  describe('sub-registries (专项名录库)', () => {
    it('defines a standard at the city and enrols a county target with valid indicator values', async () => {
      const city = await api.tokenFor('city-2', 'staff', 'yongzhou');
      const standard = {
        departmentId: 'yongzhou',
        code: 'catering',
        name: '餐饮服务单位名录库',
        objectType: '餐饮服务单位',
        indicators: [{ name: '经营类别', values: ['大型餐馆', '小餐饮'] }],
        requirements: ['食品安全检查员'],
      };
      expect((await post('/sub-registries', standard, city)).statusCode).toBe(201);
      expect((await get('/sub-registries/yongzhou-catering')).json()).toMatchObject({ name: '餐饮服务单位名录库', indicators: standard.indicators });
      const id = rows[6]['统一社会信用代码'];
      const bad = await post(
        `/targets/${id}/sub-registries`,
        { subRegistryId: 'yongzhou-catering', values: { 经营类别: '夜宵' }, effectiveDate: '2025-03-01' },
        lingling,
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([{ field: 'values.经营类别', reason: expect.stringMatching(/not one of/) }]);
      const good = await post(
        `/targets/${id}/sub-registries`,
        { subRegistryId: 'yongzhou-catering', values: { 经营类别: '小餐饮' }, effectiveDate: '2025-03-01' },
        lingling,
      );
      expect(good.statusCode).toBe(201);
      expect((await get('/targets?subRegistryId=yongzhou-catering', lingling)).json().targets.map((t: { targetId: string }) => t.targetId)).toEqual([id]);
    });
  });

  it('registers one target through the API, refusing a bad credit code with 400', async () => {
    const code = creditCodeFor(900);
    const body = { departmentId: 'lingling', creditCode: code, name: '零陵区单个登记有限公司', subjectType: 'enterprise', areaCode: '431102', industry: 'C13' };
    const bad = await post('/targets', { ...body, creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') }, lingling);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'creditCode', reason: expect.stringMatching(/check character/) }]);
    expect((await post('/targets', body, lingling)).statusCode).toBe(201);
    expect((await post('/targets', body, lingling)).statusCode).toBe(409);
  });

  it('shows the full history of one target, imports included', async () => {
    const response = await get(`/history/target-${rows[1]['统一社会信用代码']}`, lingling);
    expect(response.statusCode).toBe(200);
    expect(response.json().events.map((e: { type: string }) => e.type)).toEqual(['TargetRegistered', 'TargetDetailsChanged']);
  });
});
