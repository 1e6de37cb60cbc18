/**
 * Issue 14, item 1, over HTTP: hostile uploads to `POST /targets/import` — the XLSX zip bomb, a
 * single 400 MB cell, 200,000 rows over the row limit, a CSV mixing GBK and UTF-8 — are each
 * refused with the right status, append nothing, and leave `/health` answering meanwhile. The
 * issue's strict bar (health within 100 ms, resident memory within 100 MB) is measured by
 * `npm run bench:upload-bomb`; here the bound on /health is generous, and the memory growth printed.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { DEPARTMENTS } from './fixtures/departments';
import { upload } from './fixtures/multipart';
import { targetRows, targetsXlsx } from './fixtures/targets-xlsx';
import { declaringSize, hugeCellXlsx, manyRowsCsv, mixedEncodingCsv, zipBombXlsx } from './fixtures/upload-bombs';

describe('hostile uploads to POST /targets/import (issue 14)', () => {
  let api: ApiHarness;
  let staff: string;
  let bomb: Buffer;

  const eventCount = async () => (await api.events.readAll()).length;
  const importFile = (fileName: string, content: Buffer) => {
    const { payload, headers } = upload(fileName, content);
    return api.app.inject({ method: 'POST', url: '/targets/import?departmentId=lingling', payload, headers: { ...headers, authorization: `Bearer ${staff}` } });
  };

  /** The upload, with /health asked every 10 ms until it is answered: the slowest /health and the growth of resident memory. */
  async function whileHealthIsAsked(fileName: string, content: Buffer) {
    const rss = process.memoryUsage().rss;
    let peakRss = rss;
    let slowestHealth = 0;
    let healthAnswers = 0;
    let done = false;
    const health = (async () => {
      while (!done) {
        const started = performance.now();
        const answer = await api.app.inject({ method: 'GET', url: '/health' });
        slowestHealth = Math.max(slowestHealth, performance.now() - started);
        expect(answer.statusCode).toBe(200);
        healthAnswers++;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const response = await importFile(fileName, content).finally(() => (done = true));
    await health;
    const growthMb = Math.round((peakRss - rss) / 2 ** 20);
    process.stdout.write(
      `${fileName}: ${response.statusCode}, /health answered ${healthAnswers} times, slowest ${slowestHealth.toFixed(1)} ms, RSS growth ${growthMb} MB\n`,
    );
    return { response, slowestHealth };
  }

  beforeAll(async () => {
    // the default byte limits (50 MiB uploaded, 200 MiB unpacked); few rows, so a file over them is refused at once
    api = await startApi({ IMPORT_UPLOAD_MAX_ROWS: '1000' });
    const admin = await api.tokenFor('admin-1', 'admin', 'hunan');
    for (const department of DEPARTMENTS) {
      const response = await api.app.inject({ method: 'POST', url: '/departments', payload: department, headers: { authorization: `Bearer ${admin}` } });
      expect(response.statusCode).toBe(201);
    }
    staff = await api.tokenFor('staff-ll', 'staff', 'lingling');
    bomb = await zipBombXlsx();
  }, 60_000);
  afterAll(() => api.close());

  it('refuses the XLSX zip bomb (3.9 MB, 270 MB unpacked) with 413 from its zip directory, /health answering meanwhile, appending nothing', async () => {
    const before = await eventCount();
    const { response, slowestHealth } = await whileHealthIsAsked('bomb.xlsx', bomb);
    expect(response.statusCode).toBe(413);
    expect(response.json().errors).toEqual([
      { field: 'file', reason: expect.stringMatching(/^the workbook is larger unpacked than the 209715200 bytes one import takes: it unpacks to \d+ bytes$/) },
    ]);
    expect(slowestHealth).toBeLessThan(2000);
    expect(await eventCount()).toBe(before);
  });

  it('refuses the zip bomb that lies about its size in its directory with 400 as it inflates, appending nothing', async () => {
    const before = await eventCount();
    const { response, slowestHealth } = await whileHealthIsAsked('lying-bomb.xlsx', declaringSize(bomb, 'xl/worksheets/sheet1.xml', 100_000));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'file', reason: expect.stringMatching(/^the workbook cannot be read: too many bytes in the stream/) }]);
    expect(slowestHealth).toBeLessThan(2000);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a workbook of a single 400 MB cell (390 KB zipped) with 413, appending nothing', async () => {
    const before = await eventCount();
    const { response, slowestHealth } = await whileHealthIsAsked('cell.xlsx', await hugeCellXlsx());
    expect(response.statusCode).toBe(413);
    expect(slowestHealth).toBeLessThan(2000);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a CSV of 200,000 rows, over IMPORT_UPLOAD_MAX_ROWS, with 413 as soon as it reads one row too many, appending nothing', async () => {
    const before = await eventCount();
    const { response } = await whileHealthIsAsked('many.csv', manyRowsCsv(200_000));
    expect(response.statusCode).toBe(413);
    expect(response.json().errors).toEqual([{ field: 'file', reason: 'the file has more than 1000 rows, the most one import takes' }]);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a CSV mixing UTF-8 and GBK with 400 naming the first row in the other encoding, appending nothing (never stored garbled)', async () => {
    const before = await eventCount();
    const response = await importFile('mixed.csv', mixedEncodingCsv());
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'row 5', reason: expect.stringMatching(/^the row is GBK\/GB 18030 text but row 1 is UTF-8: the file mixes encodings/) },
    ]);
    expect(await eventCount()).toBe(before);
  });

  it('still imports an ordinary workbook afterwards', async () => {
    const response = await importFile('targets.xlsx', await targetsXlsx(targetRows(5, 4000)));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rows: 5, registered: 5 });
  });
});
