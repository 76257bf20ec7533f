/**
 * What each strategy's own fills hold, by symbol: the base of a strategy's own position limit. The
 * account's position is the broker's; this is the part a strategy built, so a position adopted from
 * the broker belongs to no strategy. Kept in the plugin's durable state after every fill, so a restart
 * of `robo start` resumes it.
 */
import { ZERO, dec, type Decimal } from '../../core/domain/money.js';
import { RoboError } from '../../core/domain/errors.js';
import type { PluginApi } from '../../core/host/plugin-api.js';

type Saved = Record<string, Record<string, string>>;

export class StrategyPositions {
  readonly #api: PluginApi;
  readonly #held = new Map<string, Map<string, Decimal>>();

  constructor(api: PluginApi) {
    this.#api = api;
    this.#restore(api.store.read());
    api.hooks.afterFill.tap(api.name, ({ strategyId, execution }) => {
      const symbols = this.#held.get(strategyId) ?? new Map<string, Decimal>();
      const signed = execution.side === 'BUY' ? execution.quantity : execution.quantity.neg();
      symbols.set(execution.symbol, (symbols.get(execution.symbol) ?? ZERO).plus(signed));
      this.#held.set(strategyId, symbols);
      api.store.write(this.#saved());
    });
  }

  of(strategyId: string, symbol: string): Decimal {
    return this.#held.get(strategyId)?.get(symbol) ?? ZERO;
  }

  #saved(): Saved {
    const saved: Saved = {};
    for (const [strategy, symbols] of this.#held) {
      saved[strategy] = Object.fromEntries([...symbols].filter(([, q]) => !q.isZero()).map(([symbol, q]) => [symbol, q.toString()]));
    }
    return saved;
  }

  #restore(value: unknown): void {
    if (value === undefined) return;
    const bad = (): never => { throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the saved strategy positions of ${this.#api.name} are not { strategy: { symbol: "<signed decimal>" } }: ${JSON.stringify(value)}`); };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) bad();
    for (const [strategy, symbols] of Object.entries(value as Record<string, unknown>)) {
      if (typeof symbols !== 'object' || symbols === null || Array.isArray(symbols)) bad();
      const held = new Map<string, Decimal>();
      for (const [symbol, quantity] of Object.entries(symbols as Record<string, unknown>)) {
        if (typeof quantity !== 'string' || !/^-?\d+(\.\d+)?$/.test(quantity)) bad();
        held.set(symbol, dec(quantity as string));
      }
      this.#held.set(strategy, held);
    }
  }
}
