/**
 * The bar lengths a cache holds, by the short name `robo data fetch --bar` takes and the cache's folders
 * use (`1m`), and their length in seconds (`data.barSeconds`). The same lengths `data.barSeconds` allows,
 * so every fetched cache can be backtested.
 */
import { RoboError } from '../domain/errors.js';

export const BAR_NAMES: ReadonlyMap<string, number> = new Map([
  ['1s', 1], ['5s', 5], ['10s', 10], ['15s', 15], ['30s', 30], ['1m', 60], ['5m', 300], ['15m', 900], ['1h', 3600],
]);

/** The seconds of a bar name; a name not in BAR_NAMES is a usage error. */
export function barSecondsOf(name: string): number {
  const seconds = BAR_NAMES.get(name);
  if (seconds === undefined) {
    throw new RoboError('ROBO_ERR_USAGE', `--bar: expected one of ${[...BAR_NAMES.keys()].join(', ')}, was ${JSON.stringify(name)}`);
  }
  return seconds;
}

/** The folder name of a bar length; undefined for a length the cache does not hold. */
export function barNameOf(seconds: number): string | undefined {
  for (const [name, length] of BAR_NAMES) if (length === seconds) return name;
  return undefined;
}
