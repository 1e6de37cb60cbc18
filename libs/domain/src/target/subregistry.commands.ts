import { ClassificationIndicator } from './subregistry.events';

/** Defines a specialised sub-registry and its build standard (000 §13, 002 §10). */
export interface DefineSubRegistry {
  readonly type: 'DefineSubRegistry';
  readonly departmentId: string;
  readonly code: string;
  readonly name: string;
  readonly objectType: string;
  readonly indicators: readonly ClassificationIndicator[];
  readonly requirements: readonly string[];
}

export type SubRegistryCommand = DefineSubRegistry;
