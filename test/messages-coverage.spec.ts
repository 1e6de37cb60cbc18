/**
 * Issue 13 item 1: every message a refusal can carry has its Chinese. A static scan of the sources
 * (test/support/message-templates.ts) collects each message template thrown in libs/domain/src and
 * each DTO `message:`; `${…}` becomes a sample value, and the catalogue must translate the sample
 * fully. DTO and platform messages: all of them. Domain messages: at least the floor below.
 */
import { isMessageCovered } from '@app/platform';
import { MessageTemplate, domainMessageTemplates, dtoMessageTemplates, messageConstants } from './support/message-templates';

/** Values tried in place of each `${…}`: an id, a number, a date. */
const SAMPLES = ['x-1', '7', '2025-03-01'];
const DOMAIN_FLOOR = 0.98;

/** Every way of filling the wildcards with the samples — and with the words a `${a ? 'has' : 'have'}` spells out — (one sample throughout when there are many). */
function instances(parts: string[], expressions: string[]): string[] {
  const holes = parts.length - 1;
  if (holes === 0) return [parts[0]];
  const choices = expressions.map((e) => [...SAMPLES, ...[...e.matchAll(/'([^']*)'/g)].map((m) => m[1])]);
  if (holes > 4) return SAMPLES.map((sample) => parts.join(sample));
  let filled = [parts[0]];
  for (let i = 1; i < parts.length; i++) filled = filled.flatMap((prefix) => choices[i - 1].map((sample) => prefix + sample + parts[i]));
  return filled;
}

function covered(template: MessageTemplate, constants: Record<string, string>): boolean {
  // class-validator's own placeholder, and the shared message constants, as the DTOs spell them
  const filled = template.source.replace(/\$\{([A-Z_]+_MESSAGE)\}/g, (all, name: string) => constants[name] ?? all).replace(/^\$property /, 'field ');
  const wildcard = /\$\{(?:[^{}]|\{[^{}]*\})*\}/g;
  const parts = filled.split(wildcard);
  return instances(parts, filled.match(wildcard) ?? []).some((instance) => isMessageCovered(instance));
}

function report(name: string, templates: MessageTemplate[], constants: Record<string, string>): { share: number; missing: string[] } {
  const missing = templates.filter((t) => !covered(t, constants)).map((t) => `${t.file}:${t.line} ${t.source}`);
  const share = (templates.length - missing.length) / templates.length;
  // eslint-disable-next-line no-console
  console.log(`${name}: ${templates.length - missing.length}/${templates.length} messages translated (${(share * 100).toFixed(1)}%)`);
  return { share, missing };
}

describe('the Chinese message catalogue covers the sources', () => {
  const constants = messageConstants();

  it('translates every DTO validation message', () => {
    const templates = dtoMessageTemplates().filter((t) => t.source.trim() !== '');
    expect(templates.length).toBeGreaterThan(300);
    expect(report('DTO messages', templates, constants).missing).toEqual([]);
  });

  it(`translates at least ${DOMAIN_FLOOR * 100}% of the domain's refusals`, () => {
    const templates = domainMessageTemplates();
    expect(templates.length).toBeGreaterThan(300);
    const { share, missing } = report('domain messages', templates, constants);
    if (missing.length > 0) console.log(`untranslated domain messages:\n${missing.join('\n')}`); // eslint-disable-line no-console
    expect(share).toBeGreaterThanOrEqual(DOMAIN_FLOOR);
  });
});
