/**
 * The Chinese of the service's refusals (issue 13 item 1). Messages are written in English where
 * they are thrown — domain, DTOs, platform — and translated here, at the edge, into the language the
 * request asks for: Chinese unless `Accept-Language` prefers English. The catalogue is ordered
 * rules from English templates to Chinese (messages/*.ts); a message no rule covers is answered in
 * English (never empty) and counted, so a test can hold the coverage up (test/messages-coverage.spec.ts).
 */
import { MessageRule } from './messages/catalogue';
import { DOMAIN_RULES } from './messages/domain-rules';
import { FIELD_RULES } from './messages/field-rules';
import { PLATFORM_RULES } from './messages/platform-rules';

export type Language = 'zh' | 'en';

/** Every rule, in the order they are tried. */
export const MESSAGE_RULES: readonly MessageRule[] = [...PLATFORM_RULES, ...FIELD_RULES, ...DOMAIN_RULES];

/** Problem titles by status. */
export const TITLES_ZH: Record<number, string> = {
  400: '请求无效',
  401: '未认证',
  403: '无权操作',
  404: '未找到',
  409: '状态冲突',
  410: '记录已删除',
  413: '请求体过大',
  414: 'URL 过长',
  415: '不支持的媒体类型',
  422: '无法处理的请求',
  429: '请求过多',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

interface Translation {
  readonly text: string;
  /** False when no rule matched, or a fragment inside stayed English. */
  readonly complete: boolean;
}

const cache = new Map<string, Translation | null>();
const MAX_CACHE = 5000;

function translateOnce(english: string, depth: number): Translation | null {
  if (depth > 4) return null;
  for (const rule of MESSAGE_RULES) {
    const match = rule.pattern.exec(english);
    if (!match) continue;
    let complete = true;
    const captures: Record<string, string> = { ...(match.groups ?? {}) };
    match.slice(1).forEach((value, i) => (captures[String(i + 1)] = value ?? ''));
    for (const key of Object.keys(captures)) if (captures[key] === undefined) captures[key] = '';
    const rendered = rule.render(captures, (fragment) => {
      const inner = translateOnce(fragment, depth + 1);
      if (!inner?.complete) complete = false;
      return inner ? inner.text : null;
    });
    if (rendered === null) continue;
    return { text: rendered.text, complete: complete && rendered.complete };
  }
  return null;
}

function lookup(english: string): Translation | null {
  if (cache.has(english)) return cache.get(english)!;
  const found = translateOnce(english, 0);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(english, found);
  return found;
}

/** The Chinese of an English message; the English itself when the catalogue does not cover it. */
export function toChinese(english: string): string {
  if (!english) return english;
  return lookup(english)?.text ?? english;
}

/** Whether the catalogue translates the message fully (no rule missing, no English fragment left). */
export function isMessageCovered(english: string): boolean {
  return lookup(english)?.complete === true;
}

/** The rule group that translates the message (e.g. `field`, `platform`, `domain:task`), or null. */
export function messageGroup(english: string): string | null {
  for (const rule of MESSAGE_RULES) if (rule.pattern.test(english) && lookup(english)) return rule.group;
  return null;
}

let untranslated = 0;
/** How many refusals were answered in English because the catalogue lacked their message (since start). */
export function untranslatedMessageCount(): number {
  return untranslated;
}

/** `message` in `language`; counts the Chinese answers that had to fall back to English. */
export function translateMessage(message: string, language: Language): string {
  if (language === 'en' || !message) return message;
  const found = lookup(message);
  if (!found?.complete) untranslated++;
  return found?.text ?? message;
}

export function problemTitle(status: number, english: string, language: Language): string {
  return language === 'en' ? english : (TITLES_ZH[status] ?? '错误');
}

/**
 * The language of the answer from an `Accept-Language` header: English when the header ranks an
 * English tag (`en`, `en-US`, …) above every Chinese one by q-value, Chinese otherwise — Chinese
 * is the default, for a missing header, `*`, or languages the service does not speak.
 */
export function negotiateLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'zh';
  let best: { language: Language; q: number; order: number } | null = null;
  value.split(',').forEach((part, order) => {
    const [tagPart, ...params] = part.trim().split(';');
    const tag = tagPart.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (m) q = Number(m[1]);
    }
    if (!Number.isFinite(q) || q <= 0) return;
    const language: Language | null = tag === 'en' || tag.startsWith('en-') ? 'en' : tag === 'zh' || tag.startsWith('zh-') || tag === '*' ? 'zh' : null;
    if (!language) return;
    if (!best || q > best.q) best = { language, q, order };
  });
  return (best as { language: Language } | null)?.language ?? 'zh';
}

export const CONTENT_LANGUAGE: Record<Language, string> = { zh: 'zh-CN', en: 'en' };
