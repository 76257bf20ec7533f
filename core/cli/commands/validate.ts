/** `robo validate <config>`: everything `start` checks before trading, without trading. */
import { SystemClock } from '../../market/clock.js';
import { compose } from '../compose.js';
import { requireCoveredDates } from '../config-calendar.js';
import { coverageWarningsFor, printCoverageWarnings, today } from '../coverage.js';
import { requireUsableBars } from '../check-bars.js';
import { staleSchemaNotice } from '../editor-schema-file.js';
import { loadCliConfig } from '../load.js';
import { printRateNotices, rateNotices, requireRatedDates } from '../rate-notices.js';

export async function validateCommand(path: string): Promise<void> {
  const loaded = await loadCliConfig(path);
  const { file, config, plugins, strategyKinds, rateBook, calendar } = loaded;
  const asOf = today(new SystemClock());
  const range = requireCoveredDates(loaded, asOf.date);
  requireRatedDates(loaded, range);
  const checkedBars = await requireUsableBars(loaded);
  printCoverageWarnings(coverageWarningsFor(calendar, asOf));
  printRateNotices(rateNotices(rateBook, config, range));
  const stale = await staleSchemaNotice(file, { plugins, strategyKinds });
  if (stale !== undefined) process.stderr.write(`robo: note: ${stale}\n`);
  const runtime = await compose(file, config, { logFd: 2, logLevel: 'silent', plugins, strategyKinds, rateBook, calendar, ...(checkedBars ? { checkedBars } : {}) });
  await runtime.host.stop({ reason: 'end-of-data', detail: 'validation only' });
  process.stdout.write(`${path}: valid (${config.strategies.length} ${config.strategies.length === 1 ? 'strategy' : 'strategies'}, broker ${config.broker.kind}, data ${config.data.source})\n`);
}
