/**
 * docs/event-catalogue.md documents every event type the code registers: its type, fields and the
 * clause it serves. A type registered in
 * `EVENT_SCHEMA_VERSIONS` without a `### \`<Type>\`` heading in the catalogue fails here, so the
 * catalogue cannot drift behind the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSIONS } from '../libs/domain/src/event-types';

const catalogue = readFileSync(join(__dirname, '..', 'docs', 'event-catalogue.md'), 'utf8');

/** Event types named by a third-level heading: `### \`TargetRegistered\` v1 …`. */
function documentedTypes(markdown: string): Set<string> {
  const types = new Set<string>();
  for (const match of markdown.matchAll(/^### `([A-Za-z][A-Za-z0-9]*)`/gm)) types.add(match[1]);
  return types;
}

describe('event catalogue (docs/event-catalogue.md)', () => {
  it('reads the headings it checks against', () => {
    expect(documentedTypes('### `DepartmentRegistered` v1\n### Status events\n#### `Nested`\n')).toEqual(new Set(['DepartmentRegistered']));
  });

  it('has a heading for every registered event type', () => {
    const documented = documentedTypes(catalogue);
    const undocumented = Object.keys(EVENT_SCHEMA_VERSIONS).filter((type) => !documented.has(type));
    expect(undocumented).toEqual([]);
  });

  it('documents each type with the schema version the code registers', () => {
    const wrong = [...catalogue.matchAll(/^### `([A-Za-z][A-Za-z0-9]*)` v(\d+)/gm)]
      .filter(([, type, version]) => type in EVENT_SCHEMA_VERSIONS && EVENT_SCHEMA_VERSIONS[type] !== Number(version))
      .map(([, type, version]) => `${type} v${version} (registered v${EVENT_SCHEMA_VERSIONS[type]})`);
    expect(wrong).toEqual([]);
  });
});
