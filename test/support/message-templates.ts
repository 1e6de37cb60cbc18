/**
 * A static scan of the sources for the English messages a refusal can carry (test/messages-coverage.spec.ts):
 * every message thrown as a domain error in libs/domain/src, and every class-validator `message:` of
 * the DTOs and of the platform's HTTP layer. Each is a template: `${…}` becomes a wildcard.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface MessageTemplate {
  /** The source text of the literal, without its quotes (`${…}` kept as written). */
  readonly source: string;
  /** The literal's text split at each `${…}`: the parts around the wildcards. */
  readonly parts: readonly string[];
  readonly file: string;
  readonly line: number;
}

const ROOT = join(__dirname, '..', '..');

export function sourceFiles(dir: string, accept: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, accept));
    else if (path.endsWith('.ts') && !path.endsWith('.spec.ts') && accept(path)) out.push(path);
  }
  return out;
}

/** The string literal starting at `text[start]` (a quote or backtick): its parts around `${…}`, and where it ends. */
function readLiteral(text: string, start: number): { parts: string[]; source: string; end: number } | null {
  const quote = text[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return null;
  const parts: string[] = [];
  let current = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      current += text[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) {
      parts.push(current);
      return { parts, source: text.slice(start + 1, i), end: i + 1 };
    }
    if (quote === '`' && c === '$' && text[i + 1] === '{') {
      // skip the expression, counting braces and stepping over nested literals
      parts.push(current);
      current = '';
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        const d = text[i];
        if (d === '{') depth++;
        else if (d === '}') depth--;
        else if (d === "'" || d === '"' || d === '`') {
          const nested = readLiteral(text, i);
          if (nested) {
            i = nested.end;
            continue;
          }
        }
        i++;
      }
      continue;
    }
    if (quote !== '`' && c === '\n') return null;
    current += c;
    i++;
  }
  return null;
}

function scan(files: string[], opener: RegExp): MessageTemplate[] {
  const found: MessageTemplate[] = [];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(opener)) {
      let at = match.index! + match[0].length;
      while (/\s/.test(text[at])) at++;
      const literal = readLiteral(text, at);
      if (!literal) continue;
      found.push({ source: literal.source, parts: literal.parts, file: relative(ROOT, path), line: text.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

/** Messages of `new ValidationError(…)`, `IllegalStateError`, `NotFoundError` and `ForbiddenError` in libs/domain/src. */
export function domainMessageTemplates(): MessageTemplate[] {
  return scan(sourceFiles(join(ROOT, 'libs/domain/src'), () => true), /new (?:ValidationError|IllegalStateError|NotFoundError|ForbiddenError)\(/g);
}

/** `message: '…'` of the DTOs (apps/api/src/**\/*.dto.ts) and of libs/platform/src/http. */
export function dtoMessageTemplates(): MessageTemplate[] {
  const files = [
    ...sourceFiles(join(ROOT, 'apps/api/src'), (path) => path.endsWith('.dto.ts')),
    ...sourceFiles(join(ROOT, 'libs/platform/src/http'), () => true),
  ];
  return scan(files, /\bmessage:/g);
}

/** The constants DTO messages are built from (`departmentId ${RECORD_ID_MESSAGE}`), by name. */
export function messageConstants(): Record<string, string> {
  const constants: Record<string, string> = {};
  const files = [...sourceFiles(join(ROOT, 'apps/api/src'), () => true), ...sourceFiles(join(ROOT, 'libs/platform/src'), () => true)];
  for (const path of files) {
    for (const match of readFileSync(path, 'utf8').matchAll(/const ([A-Z_]+_MESSAGE) = '([^']*)'/g)) constants[match[1]] = match[2];
  }
  return constants;
}
