// Fault injection for a child `robo start` (loaded with node --import): the process dies by SIGKILL when
// a commission report has been taken and its charge worked out, just before the journal writes them.
import { SqliteJournal } from '../../../dist/core/journal/journal.js';

const recordTogether = SqliteJournal.prototype.recordTogether;
SqliteJournal.prototype.recordTogether = function killBeforeCommission(entries) {
  if (entries.some((entry) => entry.kind === 'commission')) process.kill(process.pid, 'SIGKILL');
  return recordTogether.call(this, entries);
};
