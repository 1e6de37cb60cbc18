import { DomainEvent } from '../shared/decider';

/** 分类指标 — one classification indicator of a sub-registry's build standard and the values it may take. */
export interface ClassificationIndicator {
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * A specialised sub-registry (专项名录库: price-check units, metrology institutions, catering units,
 * special-equipment users, products …) with its build standard (000 §13, 002 §10). First event of
 * `subregistry-<departmentId>-<code>`.
 */
export type SubRegistryDefined = DomainEvent<
  'SubRegistryDefined',
  {
    departmentId: string;
    code: string;
    name: string;
    /** What the registry holds, e.g. 餐饮服务单位. */
    objectType: string;
    indicators: ClassificationIndicator[];
    /** 专业要求 — what inspecting these objects asks of the inspectors. */
    requirements: string[];
  }
>;

export type SubRegistryEvent = SubRegistryDefined;

export const subRegistryId = (departmentId: string, code: string) => `${departmentId}-${code}`;
export const subRegistryStream = (departmentId: string, code: string) => `subregistry-${subRegistryId(departmentId, code)}`;
