/**
 * The history export is opened in spreadsheets: a field a spreadsheet would run as a formula
 * (leading `=`, `+`, `-`, `@`, tab or carriage return) is written as text with a leading apostrophe,
 * whatever wrote it — a name, a reason, a token subject (issue 14).
 */
import { csvField } from './history.export';

describe('csvField: text a spreadsheet would run is written as text', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('%j becomes %j', (raw, written) => expect(csvField(raw)).toBe(written));

  it('leaves ordinary text alone, quoting only what CSV needs quoted', () => {
    expect(csvField('零陵区市场监督管理局')).toBe('零陵区市场监督管理局');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('2026-04-15')).toBe('2026-04-15');
  });
});
