/** `--risk-free-rate`: an annual rate in percent (`4.5` or `4.5%`), between 0 and 100; absent, zero. */
import { RoboError } from '../domain/errors.js';
import { dec, ZERO, type Decimal } from '../domain/money.js';

export function parseRiskFreeRate(text: string | undefined): Decimal {
  if (text === undefined) return ZERO;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const rate = match === null ? undefined : dec(match[1]!);
  if (rate === undefined || rate.gt(100)) {
    throw new RoboError('ROBO_ERR_USAGE', `--risk-free-rate expects an annual rate in percent between 0 and 100, such as 4.5 or 4.5%; was '${text}'`);
  }
  return rate;
}
