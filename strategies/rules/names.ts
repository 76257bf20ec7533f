/**
 * The names a strategy's rules may read: the bar's fields, its own indicators (with their outputs), and
 * the position, trade and time state the engine keeps. Indicators are named by the author, so a name
 * that would hide one of the others is refused.
 */
import type { IndicatorKind } from '../indicators/contract.js';
import type { NameInfo, NameTable } from './expr/contract.js';
import { CONSTANTS, FUNCTIONS } from './expr/index.js';

export const BAR_FIELDS: Readonly<Record<string, string>> = {
  open: 'the bar\'s first price',
  high: 'the bar\'s highest price',
  low: 'the bar\'s lowest price',
  close: 'the bar\'s last price',
  volume: 'the shares traded in the bar',
};

export const STATE_NAMES: Readonly<Record<string, string>> = {
  position: 'shares held in the symbol, signed: negative when short',
  bars_in_trade: 'bars since the position was opened; 0 when flat',
  entry_price: 'the average price the position was opened at; not ready when flat',
  unrealized_pct: 'the open position\'s gain in percent of its entry price, at the close; not ready when flat',
  minutes_to_close: 'minutes from the end of the bar to the session\'s close, early closes included',
  time_of_day: 'New York time at the end of the bar, in minutes since midnight; compare with 15:45',
  weekday: 'the trade date\'s day of the week: monday = 1 … friday = 5',
};

export function nameTable(indicators: ReadonlyMap<string, IndicatorKind>): NameTable {
  const table = new Map<string, NameInfo>();
  for (const [name, description] of Object.entries(BAR_FIELDS)) table.set(name, { type: 'number', series: true, description });
  for (const [name, description] of Object.entries(STATE_NAMES)) table.set(name, { type: 'number', series: false, description });
  for (const [name, kind] of indicators) {
    const outputs = kind.outputs.filter((output) => output !== kind.main);
    table.set(name, { type: 'number', series: true, ...(outputs.length === 0 ? {} : { outputs: kind.outputs }), description: kind.description });
  }
  return table;
}

/** Why an indicator may not be called `name`, or undefined. */
export function reservedName(name: string): string | undefined {
  if (Object.hasOwn(BAR_FIELDS, name)) return `${name} is a field of every bar`;
  if (Object.hasOwn(STATE_NAMES, name)) return `${name} is the strategy's own state (${STATE_NAMES[name] ?? ''})`;
  if (['and', 'or', 'not'].includes(name) || CONSTANTS.has(name)) return `${name} is a word of the rules language`;
  if (FUNCTIONS.has(name)) return `${name} is a function of the rules language`;
  return undefined;
}
