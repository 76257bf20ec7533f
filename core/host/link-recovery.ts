/**
 * The one path back to trading, at start and after every reconnect: beforeTrading (state recovery) runs
 * with new orders refused, and only while it runs may the recovery plugin reconcile the books with the
 * broker or adopt a position; then the trading gate opens, or stays shut with the reason. Cancels asked
 * for while the link was down go out either way — cancelling is always safe.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { Veto } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../market/clock.js';
import type { Books } from './books.js';
import type { Hooks } from './hooks.js';
import type { OrderPath } from './order-path.js';
import type { LinkControl, PositionDifference, ReconcileReport } from './plugin-api.js';
import { reconcileWithBroker, type ReconcileContext } from './reconcile.js';
import type { RunStats } from './run-stats.js';
import type { TradingGate } from './trading-gate.js';

/** What recovery needs of the host: what reconciling needs, its books and gate, and its ways to probe and drop the link and watch held symbols. */
export interface RecoveryHost extends Pick<ReconcileContext, 'broker' | 'orders' | 'portfolio' | 'apply' | 'close'> {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly clock: Clock;
  readonly stats: RunStats;
  readonly books: Books;
  readonly trading: TradingGate;
  readonly orderPath: OrderPath;
  probe(timeoutMs?: number): Promise<number>;
  drop(reason: string): void;
  watchHeld(): Promise<void>;
}

export class LinkRecovery {
  readonly #host: RecoveryHost;
  /** True only while beforeTrading runs: the one time state recovery may change the books. */
  #resuming = false;

  constructor(host: RecoveryHost) {
    this.#host = host;
  }

  /** Recovery's round: resolves with the veto that keeps trading halted, or undefined once the gate is open. */
  async resume(reason: 'start' | 'reconnect'): Promise<Veto | undefined> {
    const { hooks, broker, trading, log } = this.#host;
    trading.reconciling();
    this.#resuming = true;
    let veto: Veto | undefined;
    try {
      veto = await hooks.beforeTrading.promise({ reason, broker: broker.kind });
    } finally {
      this.#resuming = false;
    }
    if (veto) {
      trading.halted(`${veto.by}: ${veto.reason}`);
      log.error({ by: veto.by, code: veto.code, reason }, `trading stays halted after the ${reason === 'start' ? 'start' : 'reconnect'}: ${veto.reason}`);
      if (reason === 'start') return veto;
    } else {
      trading.up();
      log.info({ reason }, reason === 'start' ? 'the books agree with the broker; trading starts' : 'the books agree with the broker again; trading resumes');
      if (reason === 'reconnect') await this.#host.watchHeld().catch((error: unknown) => log.error({ err: messageOf(error) }, `could not watch the held symbols after the reconnect: ${messageOf(error)}`));
    }
    await this.#host.orderPath.sendDeferredCancels();
    return veto;
  }

  /** The link's control, for the built-in safety plugins: probing and dropping any time, reconciling and adopting only during recovery. */
  control(): LinkControl {
    const host = this.#host;
    const during = (what: string): void => {
      if (!this.#resuming) throw new RoboError('ROBO_ERR_INTERNAL', `${what} may only run inside hooks.beforeTrading`);
    };
    return Object.freeze({
      probe: (timeoutMs?: number) => host.probe(timeoutMs),
      drop: (reason: string) => host.drop(reason),
      reconcile: async (): Promise<ReconcileReport> => {
        during('reconcile');
        return reconcileWithBroker({
          broker: host.broker,
          orders: host.orders,
          portfolio: host.portfolio,
          journal: host.books.journal,
          apply: (event) => host.apply(event),
          close: (orderId, kind, reason) => host.close(orderId, kind, reason),
          fills: () => host.stats.fills,
        });
      },
      adopt: (difference: PositionDifference) => {
        during('adopt');
        const quantity = difference.broker.minus(difference.journal);
        if (quantity.isZero()) return;
        const side = quantity.isNeg() ? 'SELL' : 'BUY';
        const reason = `adopted from the broker: it holds ${difference.broker.toString()} ${difference.symbol}, the journal ${difference.journal.toString()}`;
        host.books.record({ kind: 'adopt', at: host.clock.nowMs(), symbol: difference.symbol, side, quantity: quantity.abs(), price: difference.averageCost, reason });
        host.portfolio.applyFill(difference.symbol, side, quantity.abs(), difference.averageCost);
      },
    });
  }
}
