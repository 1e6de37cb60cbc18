/**
 * Issue 14: `@ValidateNested` alone lets a missing or malformed nested object through —
 * class-validator validates nested properties only when they are objects, so `POST /experts`
 * without `contact` and `POST /tasks` without `window` reached the handler and answered 500.
 * Every request DTO in apps/api is walked here: a property validated as a nested object must also
 * be `@IsObject` (a required one is then refused when missing, naming the field), and a list of
 * nested objects must be `@IsArray` and `@IsObject({ each: true })`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';

interface Metadata {
  type: string;
  name?: string;
  target: Function | string;
  propertyName: string;
  each: boolean;
}

function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dtoFiles(path);
    return entry.name.endsWith('.dto.ts') ? [path] : [];
  });
}

describe('nested request objects', () => {
  const files = dtoFiles(__dirname);
  for (const file of files) require(file);
  const all = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Metadata[]> }).validationMetadatas;
  const metadatas: Metadata[] = [...all.values()].flat();

  it('finds the request DTOs', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(metadatas.some((m) => m.type === 'nestedValidation')).toBe(true);
  });

  it('every @ValidateNested property is also @IsObject (and @IsArray when a list)', () => {
    const missing: string[] = [];
    for (const nested of metadatas.filter((m) => m.type === 'nestedValidation')) {
      const target = nested.target as Function;
      const siblings = metadatas.filter((m) => m.target === target && m.propertyName === nested.propertyName);
      const has = (name: string, each: boolean) => siblings.some((m) => m.name === name && Boolean(m.each) === each);
      const where = `${target.name}.${nested.propertyName}`;
      if (nested.each) {
        if (!has('isArray', false)) missing.push(`${where}: @IsArray`);
        if (!has('isObject', true)) missing.push(`${where}: @IsObject({ each: true })`);
      } else if (!has('isObject', false)) missing.push(`${where}: @IsObject`);
    }
    expect(missing).toEqual([]);
  });
});
