import { expect } from 'vitest';

/**
 * Decider specifications in the given / when / then style (as Emmett's
 * `DeciderSpecification`): given the events already in the log, when a command is decided,
 * then these events are recorded — or the command is refused with this error.
 */
export interface DeciderSpec<Command, Event> {
  given(events: Event[]): {
    when(command: Command): {
      /** the events the command records (all of them, derived ones included, or a chosen part) */
      thenRecords(expected: Event[] | ((recorded: Event[]) => void)): void;
      /** the command is refused: with an error of this class, whose fields match */
      thenThrows(
        error: abstract new (...args: never[]) => Error,
        matches?: Record<string, unknown> | RegExp,
      ): void;
    };
  };
}

export function deciderSpec<State, Command, Event>(decider: {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (state: State, command: Command) => Event[];
}): DeciderSpec<Command, Event> {
  return {
    given: (events) => ({
      when: (command) => {
        const run = () => decider.decide(events.reduce(decider.evolve, decider.initialState()), command);
        return {
          thenRecords: (expected) => {
            const recorded = run();
            if (typeof expected === 'function') expected(recorded);
            else expect(recorded).toEqual(expected);
          },
          thenThrows: (error, matches) => {
            let thrown: unknown;
            try {
              run();
            } catch (e) {
              thrown = e;
            }
            expect(thrown, 'the command was accepted').toBeInstanceOf(error);
            if (matches instanceof RegExp) expect((thrown as Error).message).toMatch(matches);
            else if (matches) expect(thrown).toMatchObject(matches);
          },
        };
      },
    }),
  };
}
