import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORISATION_MATRIX, MatrixArea, PUBLIC, audienceOf, matrixViolations, mayCall, renderAuthorisationTables, routeKeyOf } from './authorisation-matrix';

const DOCS = join(__dirname, '../../../../docs/authorisation.md');
const START = '<!-- authorisation-matrix:start -->';
const END = '<!-- authorisation-matrix:end -->';

describe('the authorisation matrix (issue 6; DOMAIN.md, Oversight and assessment)', () => {
  it('keeps its own rules: each route once, no public write, oversight on no write route', () => {
    expect(matrixViolations()).toEqual([]);
  });

  it('names every rule it breaks', () => {
    const broken: MatrixArea[] = [
      { area: 'a', routes: { 'POST /x': ['staff', 'oversight'], 'DELETE /y': PUBLIC, 'GET /z': [] } },
      { area: 'b', routes: { 'POST /x': ['admin'] } },
    ];
    expect(matrixViolations(broken)).toEqual([
      'POST /x writes and allows oversight, which writes nothing',
      'DELETE /y writes and is open to the public',
      'GET /z allows nobody',
      'POST /x is listed twice',
    ]);
  });

  it('answers HEAD as GET and lists no route it was not given', () => {
    expect(audienceOf(routeKeyOf('HEAD', '/health'))).toBe(PUBLIC);
    expect(audienceOf(routeKeyOf('POST', '/health'))).toBeUndefined();
    expect(mayCall(PUBLIC, 'anonymous')).toBe(true);
    expect(mayCall(['admin'], 'anonymous')).toBe(false);
    expect(mayCall(['admin'], 'oversight')).toBe(false);
  });

  it('is what docs/authorisation.md shows (WRITE_AUTHORISATION_DOCS=1 rewrites the tables)', () => {
    const docs = readFileSync(DOCS, 'utf8');
    const start = docs.indexOf(START);
    const end = docs.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const tables = renderAuthorisationTables(AUTHORISATION_MATRIX);
    const expected = `${docs.slice(0, start)}${START}\n${tables}\n${END}${docs.slice(end + END.length)}`;
    if (process.env.WRITE_AUTHORISATION_DOCS === '1') writeFileSync(DOCS, expected);
    expect(readFileSync(DOCS, 'utf8')).toBe(expected);
  });
});
