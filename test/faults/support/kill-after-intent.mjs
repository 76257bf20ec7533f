// Fault injection for a child `robo start` (loaded with node --import): the process dies by SIGKILL right
// after the journal committed an order intent, before the order can be sent — the worst moment to crash.
import { SqliteJournal } from '../../../dist/core/journal/journal.js';

const recordIntent = SqliteJournal.prototype.recordIntent;
SqliteJournal.prototype.recordIntent = async function killAfterIntent(order) {
  await recordIntent.call(this, order);
  process.kill(process.pid, 'SIGKILL');
};
