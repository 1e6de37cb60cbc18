/**
 * Specialised sub-registries (专项名录库) with their own build standard: name, object type,
 * classification indicators and professional requirements (DOMAIN.md, Target registry; 000 §13,
 * 002 §10). Targets are enrolled on their own streams, checked against the standard defined here.
 */
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { SubRegistryCommand } from './subregistry.commands';
import { ClassificationIndicator, SubRegistryEvent, subRegistryId } from './subregistry.events';

export type SubRegistryState =
  | { readonly status: 'undefined' }
  | { readonly status: 'defined'; readonly departmentId: string; readonly code: string; readonly indicators: readonly ClassificationIndicator[] };

const initialState: SubRegistryState = { status: 'undefined' };

function decide(command: SubRegistryCommand, state: SubRegistryState): SubRegistryEvent[] {
  switch (command.type) {
    case 'DefineSubRegistry': {
      if (state.status === 'defined')
        throw new IllegalStateError(`sub-registry ${subRegistryId(command.departmentId, command.code)} is already defined`, 'code');
      checkIndicators(command.indicators);
      const { departmentId, code, name, objectType, indicators, requirements } = command;
      return [
        {
          type: 'SubRegistryDefined',
          data: {
            departmentId,
            code,
            name,
            objectType,
            indicators: indicators.map((i) => ({ name: i.name, values: [...i.values] })),
            requirements: [...requirements],
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

/** A standard classifies: every indicator needs a unique name and at least two distinct values to choose from. */
function checkIndicators(indicators: readonly ClassificationIndicator[]): void {
  if (indicators.length === 0) throw new ValidationError('a build standard needs at least one classification indicator', 'indicators');
  const names = new Set<string>();
  indicators.forEach((indicator, i) => {
    if (names.has(indicator.name)) throw new ValidationError(`indicator ${indicator.name} is defined twice`, `indicators.${i}.name`);
    names.add(indicator.name);
    if (new Set(indicator.values).size !== indicator.values.length)
      throw new ValidationError(`indicator ${indicator.name} lists a value twice`, `indicators.${i}.values`);
    if (indicator.values.length < 2)
      throw new ValidationError(`indicator ${indicator.name} needs at least two values to classify by`, `indicators.${i}.values`);
  });
}

function evolve(state: SubRegistryState, event: SubRegistryEvent): SubRegistryState {
  switch (event.type) {
    case 'SubRegistryDefined':
      return { status: 'defined', departmentId: event.data.departmentId, code: event.data.code, indicators: event.data.indicators };
    default:
      return assertNever(event.type);
  }
}

export const subRegistryDecider: Decider<SubRegistryState, SubRegistryCommand, SubRegistryEvent> = { initialState, decide, evolve };
