// Fault injection for a child `robo start` (loaded with node --import): the process dies by SIGKILL right
// after the journal took a commission report, before the cost it brings is charged against cash.
import { SqliteJournal } from '../../../dist/core/journal/journal.js';

const record = SqliteJournal.prototype.record;
SqliteJournal.prototype.record = function killAfterCommission(entry) {
  const taken = record.call(this, entry);
  if (taken && entry.kind === 'commission') process.kill(process.pid, 'SIGKILL');
  return taken;
};
