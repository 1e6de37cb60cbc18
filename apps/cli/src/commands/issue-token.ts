import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { EventStore, StreamNotFoundError } from '@app/event-store';
import { departmentStream } from '@app/domain';
import { AppConfig, TokenClaims, openEventStore } from '@app/platform';

export function issueToken(config: AppConfig, options: { sub: string; role: TokenClaims['role']; unit: string; ttl: string }): Promise<string> {
  const jwt = new JwtService({ secret: config.jwtSecret });
  const claims: TokenClaims = { sub: options.sub, role: options.role, unit: options.unit };
  return jwt.signAsync(claims, { algorithm: 'HS256', expiresIn: options.ttl as `${number}h` });
}

/**
 * What the department registry says of a token's unit (a department id, as the service's scope
 * rules compare it): `registered`, or `bootstrap` — the store has no department at all and the
 * token is an admin's, the one needed to register the first — or `refused`, with the reason.
 */
export type UnitCheck =
  | { readonly verdict: 'registered' }
  | { readonly verdict: 'bootstrap'; readonly note: string }
  | { readonly verdict: 'refused'; readonly message: string };

/** The store the cli reads, as an operator would recognise it (credentials left out). */
export function storeDescription(config: AppConfig): string {
  return config.eventStoreUrl
    ? `the EventStoreDB at EVENTSTORE_URL=${config.eventStoreUrl.replace(/\/\/[^@/]*@/, '//')}`
    : `the embedded store in DATA_DIR=${config.dataDir}`;
}

/**
 * Reads the department registry from the event store DATA_DIR or EVENTSTORE_URL point at: the
 * unit's own stream, and only when that is missing, the log from its start up to its first
 * department (departments come first in any store that has any, so this stays short).
 */
export async function checkUnit(config: AppConfig, unit: string, role: TokenClaims['role']): Promise<UnitCheck> {
  const where = storeDescription(config);
  // a DATA_DIR without events.db holds nothing: say so without creating the file
  const embeddedEmpty = !config.eventStoreUrl && !existsSync(join(config.dataDir, 'events.db'));
  const store = embeddedEmpty ? null : await openEventStore(config);
  try {
    if (store && (await isDepartment(store, unit))) return { verdict: 'registered' };
    const any = store ? await anyDepartment(store) : false;
    if (!any && role === 'admin') {
      return {
        verdict: 'bootstrap',
        note: `no department is registered in ${where} yet: issuing an admin token for ${unit} to register the first ones (POST /departments)`,
      };
    }
    const how = any
      ? 'register it first (POST /departments), check that DATA_DIR or EVENTSTORE_URL name the service\'s store, or pass --no-check to issue it anyway'
      : 'the store has no department yet: issue an admin token first (--role admin), register the departments with it, then issue this one; or pass --no-check';
    return { verdict: 'refused', message: `unknown unit "${unit}": no department ${unit} is registered in ${where}; ${how}` };
  } finally {
    await store?.close();
  }
}

async function isDepartment(store: EventStore, unit: string): Promise<boolean> {
  try {
    const [first] = await store.readStream(departmentStream(unit), { maxCount: 1 });
    return first?.type === 'DepartmentRegistered';
  } catch (error) {
    if (error instanceof StreamNotFoundError) return false;
    throw error;
  }
}

const PAGE = 500;

async function anyDepartment(store: EventStore): Promise<boolean> {
  let from: Parameters<EventStore['readAll']>[0] = { maxCount: PAGE };
  for (;;) {
    const page = await store.readAll(from);
    if (page.some((event) => event.type === 'DepartmentRegistered')) return true;
    if (page.length < from.maxCount!) return false;
    // fromPosition is inclusive: one more, and the repeated first skipped by the check above finding nothing new
    from = { fromPosition: page[page.length - 1].position, maxCount: PAGE + 1 };
  }
}
