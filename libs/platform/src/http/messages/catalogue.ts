/**
 * The rule machinery of the message catalogue (messages-zh.ts): English message templates → Chinese.
 *
 * A rule is written as an English template with `{name}` placeholders and a Chinese template
 * using the same names. A placeholder matches any text (lazily); in the Chinese template `{name}`
 * puts the captured text back as it was (ids, dates, regulation references), `{~name}` translates
 * it first (an English fragment such as a reason inside a longer message — left in English when
 * the catalogue has no rule for it). Rules are tried in order; the first that matches wins.
 */
export type Translate = (english: string) => string | null;

export interface MessageRule {
  readonly group: string;
  readonly pattern: RegExp;
  /** The Chinese text, or null when the rule does not apply after all; `complete` is false when a fragment stayed English. */
  readonly render: (captures: Record<string, string>, translate: Translate) => { text: string; complete: boolean } | null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\/]/g, '\\$&');
}

/** Compiles `english` (`{name}` placeholders; `{name:re}` narrows one to a regular expression). */
export function rule(group: string, english: string, chinese: string | ((c: Record<string, string>, t: Translate) => string | null)): MessageRule {
  let source = '';
  let last = 0;
  for (const match of english.matchAll(/\{(\w+)(?::([^}]+))?\}/g)) {
    source += escape(english.slice(last, match.index)) + `(?<${match[1]}>${match[2] ?? '.+?'})`;
    last = match.index! + match[0].length;
  }
  source += escape(english.slice(last));
  const pattern = new RegExp(`^${source}$`, 's');
  const render: MessageRule['render'] =
    typeof chinese === 'function'
      ? (captures, translate) => {
          const text = chinese(captures, translate);
          return text === null ? null : { text, complete: true };
        }
      : (captures, translate) => {
          let failed = false;
          const out = chinese.replace(/\{(~?)(\w+)\}/g, (_all, tilde: string, name: string) => {
            const value = captures[name] ?? '';
            if (!tilde) return value;
            const translated = translate(value);
            if (translated === null) failed = true;
            return translated ?? value;
          });
          return { text: out, complete: !failed };
        };
  return { group, pattern, render };
}

/** A rule written directly as a regular expression; `render` reads its groups as captures['1'], captures['2'] … */
export function regexRule(group: string, pattern: RegExp, render: (captures: Record<string, string>, translate: Translate) => string | null): MessageRule {
  return {
    group,
    pattern,
    render: (captures, translate) => {
      const text = render(captures, translate);
      return text === null ? null : { text, complete: true };
    },
  };
}
