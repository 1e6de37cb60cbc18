import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import {
  MAX_CELL_CHARS,
  MAX_CSV_ROW_CHARS,
  TargetFileRow,
  TargetFileSource,
  TargetFileTooLarge,
  TargetImportRejected,
  inspectTargetFile,
  openTargetFile,
  targetFileOf,
} from './target-file';
import { creditCodeFor, targetRows, targetsCsv, targetsXlsx } from '../../../../test/fixtures/targets-xlsx';

/** The file in pieces of `size` bytes, as a stream may deliver it: characters and rows split across pieces. */
function inPieces(content: Buffer, size: number, fileName: string): TargetFileSource {
  const pieces = Array.from({ length: Math.ceil(content.length / size) }, (_, i) => content.subarray(i * size, (i + 1) * size));
  return { fileName, open: () => Readable.from(pieces) };
}

/** The whole file at once: what the importer reads row by row. */
async function readTargetFile(content: Buffer | TargetFileSource, fileName: string, maxRows = 1000) {
  const source = Buffer.isBuffer(content) ? targetFileOf(content, fileName) : content;
  const file = await openTargetFile(source, await inspectTargetFile(source), { maxRows });
  const rows: TargetFileRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return { format: file.format, headers: file.headers, rows };
}

const rejection = async (work: Promise<unknown>): Promise<TargetImportRejected> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetImportRejected);
  return error as TargetImportRejected;
};

describe('reading target files (000 §13: the registry is built from the files staff have)', () => {
  const rows = targetRows(3);

  describe('XLSX', () => {
    it('reads the first worksheet under Chinese headers, numbering rows as the spreadsheet does', async () => {
      const file = await readTargetFile(await targetsXlsx(rows), 'targets.xlsx');
      expect(file.format).toBe('xlsx');
      expect(file.headers).toMatchObject({ creditCode: '统一社会信用代码', name: '名称', areaCode: '行政区划' });
      expect(file.rows.map((r) => r.row)).toEqual([2, 3, 4]);
      expect(file.rows[1].values).toEqual({
        creditCode: rows[1]['统一社会信用代码'],
        name: rows[1]['名称'],
        subjectType: '个体工商户',
        scale: '微型',
        industry: 'F5211',
        areaCode: '431103',
        address: rows[1]['地址'],
        representative: '经营者1',
      });
    });

    it('recognises a workbook by its content, whatever the file is called, and reads numeric area codes as text', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['credit code', 'Name', 'Subject Type', 'area_code']);
      sheet.addRow([creditCodeFor(1), { richText: [{ text: '富文本' }, { text: '名称' }] }, 'enterprise', 431102]);
      const file = await readTargetFile(Buffer.from(await workbook.xlsx.writeBuffer()), 'upload.bin');
      expect(file.rows[0].values).toEqual({ creditCode: creditCodeFor(1), name: '富文本名称', subjectType: 'enterprise', areaCode: '431102' });
    });

    it('refuses an 18-digit code stored as a number, which has lost its last digits', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['统一社会信用代码', '名称', '主体类型', '行政区划']);
      sheet.addRow([914403001922038216, '华为', '企业', '440300']);
      const file = await readTargetFile(Buffer.from(await workbook.xlsx.writeBuffer()), 't.xlsx');
      expect(file.rows[0].problems).toEqual([{ field: 'row 2, column 1', reason: expect.stringMatching(/format the column as text/) }]);
    });

    it('refuses a file called .xlsx that is not a workbook', async () => {
      const error = await rejection(readTargetFile(Buffer.from('not a zip'), 'targets.xlsx'));
      expect(error.problems[0]).toEqual({ field: 'file', reason: expect.stringMatching(/not an XLSX workbook/) });
    });
  });

  describe('CSV', () => {
    it('reads UTF-8 with a byte-order mark and English headers, skipping blank lines and an ignored 序号 column', async () => {
      const text = `\uFEFF序号,Credit Code,Name,Subject Type,Scale,Industry,Area Code,Address\n1,${creditCodeFor(7)},"湘味, 食品",enterprise,small,C13,431102,"零陵区""南津""路"\n\n`;
      const file = await readTargetFile(Buffer.from(text, 'utf8'), 'targets.csv');
      expect(file.format).toBe('csv');
      expect(file.rows).toEqual([
        {
          row: 2,
          values: {
            creditCode: creditCodeFor(7),
            name: '湘味, 食品',
            subjectType: 'enterprise',
            scale: 'small',
            industry: 'C13',
            areaCode: '431102',
            address: '零陵区"南津"路',
          },
        },
      ]);
    });

    it('reads GB 18030 as Excel in Chinese saves CSV', async () => {
      const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6]); // 名称
      const content = Buffer.concat([
        Buffer.from('creditCode,'),
        gbk,
        Buffer.from(`,subjectType,areaCode\n${creditCodeFor(2)},`),
        gbk,
        Buffer.from(',enterprise,431102\n'),
      ]);
      const file = await readTargetFile(content, 'targets.csv');
      expect(file.headers.name).toBe('名称');
      expect(file.rows[0].values.name).toBe('名称');
    });

    it('reads the same rows from CSV as from XLSX', async () => {
      const fromCsv = await readTargetFile(targetsCsv(rows), 'targets.csv');
      const fromXlsx = await readTargetFile(await targetsXlsx(rows), 'targets.xlsx');
      expect(fromCsv.rows).toEqual(fromXlsx.rows);
    });
  });

  describe('a header the registry cannot map', () => {
    it('names unknown columns and missing required ones', async () => {
      const error = await rejection(readTargetFile(Buffer.from('统一信用代码,名称,电话\nx,y,z\n'), 't.csv'));
      expect(error.problems).toEqual(
        expect.arrayContaining([
          { field: 'row 1, column 1', reason: expect.stringMatching(/'统一信用代码' is not a known column/) },
          { field: 'row 1, column 3', reason: expect.stringMatching(/'电话' is not a known column/) },
          { field: 'row 1', reason: expect.stringMatching(/主体类型/) },
          { field: 'row 1', reason: expect.stringMatching(/行政区划/) },
          { field: 'row 1', reason: expect.stringMatching(/统一社会信用代码 \(creditCode\) or 名录编号/) },
        ]),
      );
    });

    it('refuses a column given twice and a file without rows', async () => {
      expect((await rejection(readTargetFile(Buffer.from('名称,企业名称,主体类型,行政区划,名录编号\n'), 't.csv'))).problems).toEqual([
        { field: 'row 1, 企业名称', reason: 'the same column as 名称 appears twice' },
      ]);
      expect((await rejection(readTargetFile(Buffer.from('名称,主体类型,行政区划,名录编号\n'), 't.csv'))).problems).toEqual([
        { field: 'file', reason: 'the file has a header row but no targets' },
      ]);
      expect((await rejection(readTargetFile(Buffer.alloc(0), 't.csv'))).problems).toEqual([{ field: 'file', reason: 'the file is empty' }]);
    });
  });

  describe('as a stream', () => {
    it('reads the same rows whatever pieces the bytes arrive in, UTF-8 and GB 18030 characters split between them', async () => {
      const csv = targetsCsv(rows);
      const whole = await readTargetFile(csv, 't.csv');
      for (const size of [1, 7, 64]) expect((await readTargetFile(inPieces(csv, size, 't.csv'), 't.csv')).rows).toEqual(whole.rows);
      const 名称 = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6]);
      const gbk = Buffer.concat([Buffer.from('registryId,'), 名称, Buffer.from(',subjectType,areaCode\nP-1,'), 名称, Buffer.from(',product,431102\n')]);
      const file = await readTargetFile(inPieces(gbk, 3, 't.csv'), 't.csv');
      expect(file.rows).toEqual([{ row: 2, values: { registryId: 'P-1', name: '名称', subjectType: 'product', areaCode: '431102' } }]);
    });

    it('recognises a workbook delivered in small pieces', async () => {
      const xlsx = await targetsXlsx(rows);
      expect((await readTargetFile(inPieces(xlsx, 1000, 'upload.bin'), 'upload.bin')).rows).toEqual((await readTargetFile(xlsx, 't.xlsx')).rows);
    });

    it('refuses a file with more rows than the limit as soon as it reads one too many', async () => {
      for (const content of [targetsCsv(targetRows(5)), await targetsXlsx(targetRows(5))]) {
        const error = await rejection(readTargetFile(content, 'targets', 4));
        expect(error).toBeInstanceOf(TargetFileTooLarge);
        expect(error.problems).toEqual([{ field: 'file', reason: 'the file has more than 4 rows, the most one import takes' }]);
      }
      expect((await readTargetFile(targetsCsv(targetRows(5)), 't.csv', 5)).rows).toHaveLength(5);
    });

    describe('a workbook, whose sheets the reader spools to temporary files', () => {
      // the reader's temporary files are named tmp-<pid>-… in the OS temporary directory
      const spooledByUs = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
      // files of earlier tests may still be on their way out; none may be added
      const left = () => spooledByUs().filter((name) => !before.includes(name));
      let before: string[];
      beforeEach(() => {
        before = spooledByUs();
      });

      it('reads the first worksheet only, and leaves no temporary file behind', async () => {
        const workbook = new ExcelJS.Workbook();
        const first = workbook.addWorksheet('名录');
        first.addRow(['统一社会信用代码', '名称', '主体类型', '行政区划']);
        first.addRow([creditCodeFor(1), '第一页', '企业', '431102']);
        const second = workbook.addWorksheet('说明');
        second.addRow(['not', 'a', 'target']);
        const file = await readTargetFile(Buffer.from(await workbook.xlsx.writeBuffer()), 't.xlsx');
        expect(file.rows.map((r) => r.values.name)).toEqual(['第一页']);
        expect(left()).toEqual([]);
      });

      it('leaves no temporary file behind when it refuses the file part-way', async () => {
        await rejection(readTargetFile(await targetsXlsx(targetRows(50)), 't.xlsx', 10));
        expect(left()).toEqual([]);
      });
    });

    it('refuses a CSV row that grows past the limit, as at a quote never closed, without reading it whole', async () => {
      const open = Buffer.from(`名称,主体类型,行政区划,名录编号\nP-1,企业,431102,"${'长'.repeat(MAX_CSV_ROW_CHARS + 10)}\n`);
      const error = await rejection(readTargetFile(open, 't.csv'));
      expect(error.problems).toEqual([{ field: 'row 2', reason: expect.stringMatching(/longer than 65536 characters; is a quote left open/) }]);
    });

    it('refuses a workbook cell longer than Excel holds, naming row and column', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['统一社会信用代码', '名称', '主体类型', '行政区划']);
      sheet.addRow([creditCodeFor(1), '长'.repeat(MAX_CELL_CHARS + 1), '企业', '431102']);
      const error = await rejection(readTargetFile(Buffer.from(await workbook.xlsx.writeBuffer()), 't.xlsx'));
      expect(error.problems).toEqual([{ field: 'row 2, column 2', reason: `the cell is longer than ${MAX_CELL_CHARS} characters, more than Excel holds` }]);
    });

    it('refuses CSV that is not CSV, naming the row', async () => {
      const error = await rejection(readTargetFile(Buffer.from('名称,主体类型,行政区划,名录编号\n"P-1"x,企业,431102,\n'), 't.csv'));
      expect(error.problems).toEqual([{ field: 'row 2', reason: expect.stringMatching(/^not readable as CSV/) }]);
    });
  });
});
