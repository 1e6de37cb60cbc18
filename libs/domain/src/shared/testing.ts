/**
 * given / when / then for decider specs: `given(events).when(command).then(events)` or
 * `.thenThrows(ErrorClass, /message/)`.
 */
import { Decider, DomainEvent, fold } from './decider';
import { DomainError } from './errors';

export function specFor<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return (given: readonly Event[] = []) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, fold(decider, given));
      return {
        then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
        thenThrows: (errorClass: new (...args: never[]) => DomainError, message?: RegExp, field?: string) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (message) expect((thrown as Error).message).toMatch(message);
          if (field) expect((thrown as DomainError).field).toBe(field);
        },
      };
    },
  });
}
