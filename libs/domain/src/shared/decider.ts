/**
 * A decider is the whole of one aggregate's rules, as pure functions: `decide` turns a command
 * and the current state into new events (or throws a DomainError), `evolve` folds an event into
 * the state. Time, ids, randomness and outside facts arrive on the command; nothing here reads a
 * clock or touches I/O.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Used in the default branch of a switch over a union: compiles only when every case is handled. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
