/**
 * The record of an import on `import-<sha256 of the file>`: who imported which file and what it
 * did to the registry, so the history shows it (全程留痕). Importing the same file again when it
 * changes nothing appends nothing: the earlier record already says so.
 */
import { Decider } from '../shared/decider';
import { TargetsImported } from './target.events';

export interface RecordTargetImport {
  readonly type: 'RecordTargetImport';
  readonly import: TargetsImported['data'];
}

export interface TargetImportState {
  /** How many times this file's import has been recorded. */
  readonly recorded: number;
}

export const targetImportDecider: Decider<TargetImportState, RecordTargetImport, TargetsImported> = {
  initialState: { recorded: 0 },
  decide(command, state) {
    const { registered, changed } = command.import;
    if (state.recorded > 0 && registered === 0 && changed === 0) return [];
    return [{ type: 'TargetsImported', data: command.import }];
  },
  evolve: (state) => ({ recorded: state.recorded + 1 }),
};
