/**
 * The broker's executions, corrections and commission reports, booked into the orders and the portfolio
 * exactly once whatever order and however often they arrive, and announced to the plugins: afterFill for a
 * fill, afterCommission for its report (held until its fill was announced), a journal entry before each.
 */
import { ExecutionLedger, splitExecId } from '../domain/execution-ledger.js';
import { applyExecution, correctExecution, type Order } from '../domain/order.js';
import type { OrderBook } from '../domain/order-book.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { Execution } from '../domain/types.js';
import type { BrokerEvent } from '../brokers/port.js';
import type { JournalEntry } from '../journal/entries.js';
import type { Journal } from '../journal/journal.js';
import type { Logger } from '../log.js';
import type { Clock } from '../market/clock.js';
import type { Anomaly } from './events.js';
import type { Hooks } from './hooks.js';
import type { FillNote } from './plugin-api.js';
import type { RunStats } from './run-stats.js';
import { callSeries } from './series.js';

type CommissionEvent = Extract<BrokerEvent, { type: 'commission' }>;

/** What booking fills needs of the host: its books, its hooks, and its one way to journal and to change an order. */
export interface FillsHost {
  readonly orders: OrderBook;
  readonly portfolio: Portfolio;
  readonly stats: RunStats;
  readonly log: Logger;
  readonly clock: Clock;
  readonly hooks: Pick<Hooks, 'afterFill' | 'afterCommission'>;
  readonly journal: Pick<Journal, 'fillHistory'>;
  /** Journals an entry; false when it was there already. */
  record(entry: JournalEntry): boolean;
  /** Runs `charge` (the afterCommission taps) and journals the report with the charges they make, as one write; false when it was taken before. */
  takeCommission(entry: Extract<JournalEntry, { kind: 'commission' }>, charge: () => Promise<void>): Promise<boolean>;
  /** Replaces an order in the book and tells orderUpdate. */
  setOrder(next: Order, previous: Order): Promise<void>;
  anomaly(anomaly: Anomaly): Promise<void>;
}

export class Fills {
  readonly #host: FillsHost;
  #ledger = new ExecutionLedger();
  /** Commission reports that came before their fill, by execution id base. */
  readonly #held = new Map<string, CommissionEvent[]>();
  /** What afterFill taps noted about the fill being announced, for its log line. */
  readonly #notes = new Map<string, FillNote[]>();

  constructor(host: FillsHost) {
    this.#host = host;
  }

  /** Every execution booked, by id: what recalls and retirements of orders work with. */
  get ledger(): ExecutionLedger {
    return this.#ledger;
  }

  /** The ledger a journal replay rebuilt, before the broker is asked anything. */
  restore(ledger: ExecutionLedger): void {
    this.#ledger = ledger;
  }

  /** A plugin's note about the fill being announced (noteFill); ignored for any other. */
  note(execId: string, note: FillNote): void {
    this.#notes.get(execId)?.push(Object.freeze({ ...note }));
  }

  /** An execution from the broker: booked once — new, a restatement, a correction or seen before — then announced on afterFill. */
  async onExecution(event: Extract<BrokerEvent, { type: 'execution' }>): Promise<void> {
    const { execution } = event;
    const order = this.#host.orders.get(execution.orderId);
    if (!order) {
      this.#host.log.error({ execId: execution.execId, orderId: execution.orderId }, `execution ${execution.execId} for order ${execution.orderId}, which this host did not place`);
      return;
    }
    const verdict = this.#ledger.classify(execution);
    if (verdict.kind === 'correction') return this.#onCorrection(order, verdict.booked, execution);
    if (verdict.kind === 'restated') {
      this.#ledger.book(execution);
      this.#host.log.info({ execId: execution.execId, booked: verdict.booked.execId }, `the broker restated execution ${verdict.booked.execId} as ${execution.execId} with the same quantity and price; nothing changes`);
      return;
    }
    const outcome = verdict.kind === 'new' ? applyExecution(order, execution) : { kind: 'duplicate' as const, order };
    if (outcome.kind === 'duplicate') {
      this.#host.stats.duplicateExecutions++;
      this.#host.log.debug({ execId: execution.execId, kind: verdict.kind }, `execution ${execution.execId} seen again (${verdict.kind}); booked once`);
      return;
    }
    // Journaled before it is applied: the journal never lags what the plugins saw.
    this.#host.record({ kind: 'execution', at: this.#host.clock.nowMs(), execution, late: outcome.kind === 'late' });
    this.#ledger.book(execution);
    if (outcome.kind === 'late') {
      this.#host.log.error({ execId: execution.execId, orderId: order.id, state: order.state.kind }, `execution ${execution.execId} arrived after order ${order.id} was ${order.state.kind}; booked so the portfolio matches the broker`);
    }
    const overfill: Anomaly | undefined = outcome.kind !== 'overfill' ? undefined : {
      kind: 'overfill', orderId: order.id, execId: execution.execId, symbol: execution.symbol,
      message: `order ${order.id} was filled ${outcome.order.filledQuantity.toString()} of ${order.intent.quantity.toString()} (execution ${execution.execId} of ${execution.quantity.toString()} ${execution.symbol}); every share the broker executed is booked`,
    };
    const effect = this.#host.portfolio.applyFill(execution.symbol, execution.side, execution.quantity, execution.price);
    if (execution.slippage !== undefined) this.#host.portfolio.recordSlippage(execution.slippage.times(execution.quantity));
    this.#host.stats.fills++;
    // The fill's log line is written once the afterFill taps have run, so it carries what they noted
    // about it (its costs, for one) and the cash after them.
    const notes: FillNote[] = [];
    this.#notes.set(execution.execId, notes);
    try {
      await this.#host.setOrder(outcome.order, order);
      await callSeries(this.#host.hooks.afterFill, { execution, order: outcome.order, strategyId: order.intent.strategyId, position: effect.position, realized: effect.realized });
    } finally {
      this.#notes.delete(execution.execId);
      // Formatting Decimals is most of a fill's cost once the hooks are done: skip it when no one reads the line.
      if (this.#host.log.isLevelEnabled('info')) {
        // The notes' fields are assigned onto the literal, not spread before it: in V8 a spread followed by
        // more keys gives every such object a hidden class of its own (docs/performance.md).
        const fields: Record<string, unknown> = { orderId: order.id, execId: execution.execId, price: execution.price.toString(), quantity: execution.quantity.toString(), position: effect.position.quantity.toString(), realized: effect.realized.toFixed(2), cash: this.#host.portfolio.cash.toFixed(2) };
        for (const note of notes) Object.assign(fields, note.fields);
        this.#host.log.info(
          fields,
          `fill ${execution.side} ${execution.quantity.toString()} ${execution.symbol} @ ${execution.price.toString()} (order ${order.id} ${outcome.order.state.kind}, position ${effect.position.quantity.toString()})${notes.map((n) => `; ${n.text}`).join('')}`,
        );
      }
    }
    await this.#announced(execution);
    if (overfill !== undefined) await this.#host.anomaly(overfill);
  }

  /**
   * A commission report belongs to a fill, whatever revision of its id it names: it is passed on under the
   * id the fill was announced with (afterFill), and held until then if it came first — so it is charged
   * once however the broker orders fills, corrections and reports. Each report is taken once, across
   * replays and restarts; a corrected report (another amount) is a new one.
   */
  async onCommission(event: Extract<BrokerEvent, { type: 'commission' }>): Promise<void> {
    const { base } = splitExecId(event.execId);
    const announced = this.#announcedAs(event.execId);
    if (announced === undefined) {
      this.#held.set(base, [...(this.#held.get(base) ?? []), event]);
      this.#host.log.debug({ execId: event.execId }, `commission report for ${event.execId} held until its execution arrives`);
      return;
    }
    const entry = { kind: 'commission', at: this.#host.clock.nowMs(), execId: event.execId, commission: event.commission, currency: event.currency } as const;
    const taken = await this.#host.takeCommission(entry, async () => {
      this.#host.log.debug({ execId: event.execId, commission: event.commission.toString() }, 'commission report');
      const execution = this.#ledger.booked(announced);
      await this.#host.hooks.afterCommission.promise({ execId: announced, orderId: execution?.orderId, commission: event.commission, currency: event.currency, ...(execution === undefined ? {} : { execution }) });
    });
    if (!taken) this.#host.log.debug({ execId: event.execId }, `commission report for ${event.execId} seen again; taken once`);
  }

  /**
   * The id a fill was announced with on afterFill, for its commission reports: from the ledger, or — for a
   * fill of an order the host let go of — from the journal, which brings the order back into memory.
   */
  #announcedAs(execId: string): string | undefined {
    const announced = this.#ledger.announced(execId);
    if (announced !== undefined) return announced;
    const journaled = this.#host.journal.fillHistory(splitExecId(execId).base)[0];
    if (journaled === undefined) return undefined;
    this.#host.orders.get(journaled.execution.orderId);
    return this.#ledger.announced(execId);
  }

  /** A fill was announced: reports that came before it are passed on now. */
  async #announced(execution: Execution): Promise<void> {
    const { base } = splitExecId(execution.execId);
    const held = this.#held.get(base);
    if (held === undefined) return;
    this.#held.delete(base);
    for (const event of held) await this.onCommission(event);
  }

  /**
   * The broker corrected a booked fill: the order and the portfolio move by the difference, the journal
   * keeps the correction (a restart replays it), and no second fill is booked or charged.
   */
  async #onCorrection(order: Order, booked: Execution, corrected: Execution): Promise<void> {
    const next = correctExecution(order, booked, corrected);
    this.#host.record({ kind: 'correction', at: this.#host.clock.nowMs(), execution: corrected, replaces: booked.execId });
    this.#ledger.book(corrected);
    const effect = this.#host.portfolio.correctFill(corrected.symbol, corrected.side, booked, corrected);
    this.#host.stats.corrections++;
    this.#host.log.warn(
      { orderId: order.id, execId: corrected.execId, replaces: booked.execId, quantity: corrected.quantity.toString(), price: corrected.price.toString(), position: effect.position.quantity.toString(), cash: this.#host.portfolio.cash.toFixed(2) },
      `the broker corrected execution ${booked.execId} to ${corrected.execId}: ${corrected.quantity.toString()} @ ${corrected.price.toString()} instead of ${booked.quantity.toString()} @ ${booked.price.toString()}; position and cash moved by the difference (position ${effect.position.quantity.toString()})`,
    );
    if (next !== order) await this.#host.setOrder(next, order);
  }
}
