/**
 * The shares traded under IBKR Tiered in the current month, as robo:cost-accounting keeps them in the
 * journal between runs: `{ month: "yyyy-MM", shares: "<decimal>" }`. A month volume no one can read stops
 * `robo start` (a wrong tier is worse than none), and `robo breaker reset` is the way out: it sets the
 * damaged record aside and the next start counts from `safety.costs.monthVolume`.
 */
import { dec } from '../../core/domain/money.js';
import type { MonthVolume } from './calculator.js';

export const COST_ACCOUNTING = 'robo:cost-accounting';

export function monthToJson(volume: MonthVolume): { month: string; shares: string } {
  return { month: volume.month, shares: volume.shares.toFixed() };
}

export function monthFromJson(value: unknown): MonthVolume | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { month, shares } = value as Record<string, unknown>;
  if (typeof month !== 'string' || !/^\d{4}-\d{2}$/.test(month) || typeof shares !== 'string' || !/^\d+(\.\d+)?$/.test(shares)) return undefined;
  return { month, shares: dec(shares) };
}

/** Whether a stored month volume's text reads back; false for text that is not JSON or not of the shape. */
export function isReadableMonthVolume(text: string): boolean {
  try {
    return monthFromJson(JSON.parse(text)) !== undefined;
  } catch {
    return false;
  }
}

/** What to do about a month volume that cannot be read, under the error that says so. */
export const MONTH_VOLUME_REPAIR = [
  '  Tiered commissions depend on the shares already traded this month, so robo start refuses rather than guess them',
  '  to repair it: set safety.costs.monthVolume to the shares traded under Tiered this month, then robo breaker reset <config>',
  '  sets the damaged record aside (kept beside the journal, never deleted) and the next start counts from monthVolume',
];
