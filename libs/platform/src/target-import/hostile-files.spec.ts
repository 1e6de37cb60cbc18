/**
 * Hostile target files (issue 14, item 1): each is refused before memory grows with it, with the
 * limit or the row and column named. The files are made here (test/fixtures/upload-bombs.ts).
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  TargetFileLimits,
  TargetFileRow,
  TargetFileTooLarge,
  TargetImportRejected,
  UnpackedBudget,
  inspectTargetFile,
  openTargetFile,
  targetFileOf,
  xmlGuard,
} from './target-file';
import { declaringSize, hugeCellXlsx, mixedEncodingCsv, zipBombXlsx } from '../../../../test/fixtures/upload-bombs';
import { creditCodeFor, targetRows, targetsCsv } from '../../../../test/fixtures/targets-xlsx';

const UPLOAD: TargetFileLimits = { maxRows: 200_000, maxUnpackedBytes: 200 * 2 ** 20 };

async function readTargetFile(content: Buffer, fileName: string, limits: TargetFileLimits = UPLOAD) {
  const source = targetFileOf(content, fileName);
  const file = await openTargetFile(source, await inspectTargetFile(source), limits);
  const rows: TargetFileRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

async function refusal(work: Promise<unknown>): Promise<{ error: TargetImportRejected }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetImportRejected);
  return { error: error as TargetImportRejected };
}

/** The bytes the guard passes on to the XML parser when `pieces` are inflated through it. */
async function bytesPassedByGuard(pieces: Iterable<Buffer>, maxCellChars: number): Promise<number> {
  let passed = 0;
  const guard = xmlGuard(new UnpackedBudget(2 ** 40), maxCellChars);
  guard.on('data', (chunk: Buffer) => (passed += chunk.length));
  await pipeline(Readable.from(pieces), guard);
  return passed;
}

/** A workbook of one row whose name cell is `name`. */
async function workbookWithName(name: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('s');
  sheet.addRow(['统一社会信用代码', '名称', '主体类型', '行政区划']);
  sheet.addRow([creditCodeFor(1), name, '企业', '431102']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('hostile target files (issue 14)', () => {
  describe('an XLSX zip bomb: 3.9 MB that unpacks to 270 MB (1.7 million rows)', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      bomb = await zipBombXlsx();
    }, 60_000);

    it('is refused from its zip directory, before anything is inflated', async () => {
      // the size it names is the one its zip directory declares: nothing was inflated to find it
      const { error } = await refusal(readTargetFile(bomb, 'bomb.xlsx'));
      expect(error).toBeInstanceOf(TargetFileTooLarge);
      expect(error.problems).toEqual([
        {
          field: 'file',
          reason: expect.stringMatching(/^the workbook is larger unpacked than the 209715200 bytes one import takes: it unpacks to 27\d{7} bytes$/),
        },
      ]);
    });

    it('is refused as it inflates when its directory lies about the sheet’s size, after a few kilobytes', async () => {
      const lying = declaringSize(bomb, 'xl/worksheets/sheet1.xml', 10_000);
      const { error } = await refusal(readTargetFile(lying, 'bomb.xlsx', { maxRows: 10_000_000, maxUnpackedBytes: 200 * 2 ** 20 }));
      expect(error).not.toBeInstanceOf(TargetFileTooLarge);
      expect(error.problems).toEqual([
        { field: 'file', reason: expect.stringMatching(/^the workbook cannot be read: too many bytes in the stream\. expected 10000/) },
      ]);
    });

    it('is held to the limit the directory is checked against as well', async () => {
      const { error } = await refusal(readTargetFile(bomb, 'bomb.xlsx', { maxRows: 10_000_000, maxUnpackedBytes: 100 * 2 ** 20 }));
      expect(error).toBeInstanceOf(TargetFileTooLarge);
    });
  });

  describe('a single cell of 400 MB, 390 KB zipped', () => {
    it('is refused from its zip directory under the upload limit', async () => {
      const { error } = await refusal(readTargetFile(await hugeCellXlsx(), 'cell.xlsx'));
      expect(error).toBeInstanceOf(TargetFileTooLarge);
      expect(error.problems).toEqual([{ field: 'file', reason: expect.stringMatching(/unpacks to 4\d{8} bytes$/) }]);
    });

    it('is cut before the XML parser holds it when the unpacked limit allows it, and refused naming row and column', async () => {
      const { error } = await refusal(readTargetFile(await hugeCellXlsx(), 'cell.xlsx', { maxRows: 1000, maxUnpackedBytes: 2 ** 30 }));
      expect(error.problems).toEqual([{ field: 'row 2, column 2', reason: 'the cell is longer than 32767 characters, more than Excel holds' }]);
    }, 60_000);

    it('never reaches the XML parser whole: of its 400 MB the guard passes on less than 400 KB', async () => {
      function* sheet() {
        yield Buffer.from('<row r="2"><c r="B2" t="inlineStr"><is><t>');
        const letters = Buffer.alloc(1 << 20, 'A');
        for (let i = 0; i < 400; i++) yield letters;
        yield Buffer.from('</t></is></c></row>');
      }
      const passed = await bytesPassedByGuard(sheet(), 32_767);
      // the tag, 10 bytes a character of the longest cell and 1 KB (the longest run kept), the filler of 32,768 letters, the closing tags
      expect(passed).toBeLessThanOrEqual(43 + 10 * 32_767 + 1024 + 32_768 + 19);
      expect(passed).toBeGreaterThan(32_768);
    }, 60_000);
  });

  describe('cells longer than IMPORT_MAX_CELL_CHARS', () => {
    const limits = { maxRows: 1000, maxCellChars: 200 };

    it('refuses a CSV cell, naming row and column', async () => {
      const rows = targetRows(3);
      rows[1] = { ...rows[1], 地址: '永'.repeat(201) };
      const { error } = await refusal(readTargetFile(targetsCsv(rows), 't.csv', limits));
      expect(error.problems).toEqual([
        { field: 'row 3, column 7', reason: 'the cell is longer than 200 characters, the most one import takes (IMPORT_MAX_CELL_CHARS)' },
      ]);
      expect(await readTargetFile(targetsCsv(targetRows(3)), 't.csv', limits)).toHaveLength(3);
    });

    it('refuses a workbook cell, also one of character references cut mid-way by the guard', async () => {
      for (const name of ['永'.repeat(201), '&<>"'.repeat(3000), `${'\u{20000}'.repeat(2000)}&`]) {
        const { error } = await refusal(readTargetFile(await workbookWithName(name), 't.xlsx', limits));
        expect(error.problems).toEqual([
          { field: 'row 2, column 2', reason: 'the cell is longer than 200 characters, the most one import takes (IMPORT_MAX_CELL_CHARS)' },
        ]);
      }
      expect((await readTargetFile(await workbookWithName('&<>"'.repeat(50)), 't.xlsx', limits))[0].values.name).toBe('&<>"'.repeat(50));
    });
  });

  describe('a CSV whose encoding is not the same throughout', () => {
    it('refuses rows of GBK after rows of UTF-8, naming the first GBK row, instead of storing them garbled', async () => {
      const { error } = await refusal(readTargetFile(mixedEncodingCsv(), 'mixed.csv'));
      expect(error.problems).toEqual([
        {
          field: 'row 5',
          reason:
            'the row is GBK/GB 18030 text but row 1 is UTF-8: the file mixes encodings; save it again in one (UTF-8, or GB 18030 as Excel in Chinese does) and import it again',
        },
      ]);
    });

    it('refuses a row of UTF-8 Chinese after rows of GBK, naming it', async () => {
      const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6]); // 名称
      const file = Buffer.concat([
        Buffer.from('registryId,'),
        gbk,
        Buffer.from(',subjectType,areaCode\nP-1,'),
        gbk,
        Buffer.from(',product,431102\nP-2,'),
        Buffer.from('名称', 'utf8'),
        Buffer.from(',product,431102\n'),
      ]);
      const { error } = await refusal(readTargetFile(file, 't.csv'));
      expect(error.problems).toEqual([{ field: 'row 3', reason: expect.stringMatching(/^the row is UTF-8 text but row 1 is GBK\/GB 18030/) }]);
    });

    it('reads a GBK row that is valid UTF-8 by chance (山 is C9 BD) as GBK, and refuses bytes that are neither', async () => {
      const 山 = Buffer.from([0xc9, 0xbd]);
      const file = Buffer.concat([Buffer.from('registryId,名称,subjectType,areaCode\n', 'utf8')]);
      const gbkHeader = Buffer.from([0x72, 0x65, 0x67, 0x69, 0x73, 0x74, 0x72, 0x79, 0x49, 0x64, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6]);
      const gbkFile = Buffer.concat([gbkHeader, Buffer.from(',subjectType,areaCode\nP-1,'), 山, Buffer.from(',product,431102\n')]);
      expect((await readTargetFile(gbkFile, 't.csv'))[0].values.name).toBe('山');
      const neither = Buffer.concat([file, Buffer.from('P-1,'), Buffer.from([0xff, 0xfe]), Buffer.from(',product,431102\n')]);
      const { error } = await refusal(readTargetFile(neither, 't.csv'));
      expect(error.problems).toEqual([{ field: 'row 2', reason: expect.stringMatching(/^the row is neither UTF-8 nor GBK\/GB 18030 text/) }]);
    });
  });
});
