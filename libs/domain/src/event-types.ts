/**
 * The stored name and current schema version of every event type. A stored name never changes;
 * a new shape gets a new version and an upcaster from the old one (see `upcast`).
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  DepartmentRegistered: 1,
  BusinessUnitAdded: 1,
};

type Upcaster = (data: unknown) => unknown;

/** Upcasters by `${type}@${fromVersion}`, each lifting data one version up. */
const UPCASTERS: Readonly<Record<string, Upcaster>> = {};

export function schemaVersionOf(type: string): number {
  const version = EVENT_SCHEMA_VERSIONS[type];
  if (version === undefined) throw new Error(`event type ${type} has no registered schema version`);
  return version;
}

/** Reads an old event as the current version of its type, without rewriting what is stored. */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMA_VERSIONS[type] ?? schemaVersion;
  let lifted = data;
  for (let version = schemaVersion; version < current; version++) {
    const upcaster = UPCASTERS[`${type}@${version}`];
    if (!upcaster) throw new Error(`no upcaster for ${type} from version ${version}`);
    lifted = upcaster(lifted);
  }
  return lifted;
}
