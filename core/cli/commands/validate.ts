/** `robo validate <config>`: everything `start` checks before trading, without trading. */
import { SystemClock } from '../../market/clock.js';
import { compose } from '../compose.js';
import { coverageWarningsFor, printCoverageWarnings, today } from '../coverage.js';
import { loadCliConfig } from '../load.js';

export async function validateCommand(path: string): Promise<void> {
  const { file, config, plugins } = await loadCliConfig(path);
  printCoverageWarnings(coverageWarningsFor(config, today(new SystemClock())));
  const runtime = await compose(file, config, { logFd: 2, logLevel: 'silent', plugins });
  await runtime.host.stop({ reason: 'end-of-data', detail: 'validation only' });
  process.stdout.write(`${path}: valid (${config.strategies.length} ${config.strategies.length === 1 ? 'strategy' : 'strategies'}, broker ${config.broker.kind}, data ${config.data.source})\n`);
}
