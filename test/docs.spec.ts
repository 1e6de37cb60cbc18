/**
 * The docs must stand alone: a reader of the repository has README.md and docs/ and nothing
 * else. This suite fails when a doc points outside the repository (the old external rule book,
 * `../shared`), names an internal tracker number, cites a regulation clause that
 * docs/regulations.md does not define, or links to a file that does not exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');

function docFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name));
  return [join(root, 'README.md'), ...docs];
}

const docs = docFiles().map((file) => ({ file, name: relative(root, file), text: readFileSync(file, 'utf8') }));

/** Every line of every doc matching `pattern`, as `file:line: text`. */
function linesMatching(pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const { name, text } of docs) {
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) hits.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

/** The clause ranges docs/regulations.md defines: "cited `000 §1`–`000 §30`", with "(no `004 §5`)" for gaps. */
const CLAUSE_RANGE = /cited `(00\d) §(\d+)`–`\1 §(\d+)`( \(no ((?:`00\d §\d+`(?:, )?)+)\))?/g;

function definedClauses(regulations: string): Map<string, { from: number; to: number; missing: Set<number> }> {
  const defined = new Map<string, { from: number; to: number; missing: Set<number> }>();
  for (const match of regulations.matchAll(CLAUSE_RANGE)) {
    const missing = new Set([...(match[5] ?? '').matchAll(/§(\d+)/g)].map((m) => Number(m[1])));
    defined.set(match[1], { from: Number(match[2]), to: Number(match[3]), missing });
  }
  return defined;
}

/** Clause citations `000 §19`, `004 §4(3)`: the code and the first number. */
function citedClauses(text: string): { code: string; number: number; cited: string }[] {
  return [...text.matchAll(/\b(00\d) §(\d+)/g)].map((m) => ({ code: m[1], number: Number(m[2]), cited: m[0] }));
}

/** GitHub's heading anchor: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = anchorOf(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Markdown links `[text](target)` outside code spans and fences. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe('docs stand alone (README.md, docs/*.md)', () => {
  it('reads clause citations, ranges, anchors and links the way the checks need', () => {
    expect(citedClauses('(000 §19, 002 §28.4; 004 §4(3)) and § 5')).toEqual([
      { code: '000', number: 19, cited: '000 §19' },
      { code: '002', number: 28, cited: '002 §28' },
      { code: '004', number: 4, cited: '004 §4' },
    ]);
    expect(definedClauses('cited `000 §1`–`000 §30`. … cited `004 §1`–`004 §6` (no `004 §5`).')).toEqual(
      new Map([
        ['000', { from: 1, to: 30, missing: new Set() }],
        ['004', { from: 1, to: 6, missing: new Set([5]) }],
      ]),
    );
    expect(anchorOf('一单两库 — checklist and the two registries')).toBe('一单两库--checklist-and-the-two-registries');
    expect(anchorOf('Draws — stream `draw-<taskId>-d<n>`')).toBe('draws--stream-draw-taskid-dn');
    expect(linksOf('[a](docs/x.md) `[b](nope.md)` [c](y.md#z)\n```\n[d](fenced.md)\n```\n')).toEqual(['docs/x.md', 'y.md#z']);
  });

  it('never mentions the external rule book or the shared folder', () => {
    expect(linesMatching(/DOMAIN\.md|\.\.\/shared/)).toEqual([]);
  });

  it('gives no web address outside the repository but the local service', () => {
    expect(linesMatching(/https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/)).toEqual([]);
  });

  it('names no internal tracker numbers', () => {
    expect(linesMatching(/\bissues? \d+\b/i)).toEqual([]);
  });

  it('cites only clauses docs/regulations.md defines', () => {
    const regulations = readFileSync(join(root, 'docs', 'regulations.md'), 'utf8');
    const defined = definedClauses(regulations);
    expect([...defined.keys()].sort()).toEqual(['000', '001', '002', '003', '004']);
    const undefinedCitations: string[] = [];
    for (const { name, text } of docs) {
      // The definitions themselves name their bounds and gaps.
      for (const { code, number, cited } of citedClauses(text.replace(CLAUSE_RANGE, ''))) {
        const range = defined.get(code);
        if (!range || number < range.from || number > range.to || range.missing.has(number)) undefinedCitations.push(`${name}: ${cited}`);
      }
    }
    expect(undefinedCitations).toEqual([]);
  });

  it('links only to files in the repository, and to headings that exist', () => {
    const broken: string[] = [];
    for (const { file, name, text } of docs) {
      for (const link of linksOf(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
          // Outside the repository: only the local service, which the reader runs themselves.
          if (!/^https?:\/\/localhost[:/]/.test(link)) broken.push(`${name}: ${link} (outside the repository)`);
          continue;
        }
        const [path, anchor] = link.split('#', 2);
        const target = path === '' ? file : resolve(dirname(file), decodeURI(path));
        if (relative(root, target).startsWith('..')) {
          broken.push(`${name}: ${link} (outside the repository)`);
          continue;
        }
        if (!existsSync(target)) {
          broken.push(`${name}: ${link} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && statSync(target).isFile() && !anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor))) {
          broken.push(`${name}: ${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
