/**
 * Turns the raw EXECUTION_DATA and COMMISSION_REPORT messages into the port's execution and commission
 * events: Decimal values from the wire text, each fill once (see ExecutionBook), a commission only
 * after its fill, a newer revision of a fill passed on for the host to apply as a correction, and
 * executions of orders Robo does not follow left alone.
 */
import { messageOf } from '../../domain/errors.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../market/clock.js';
import type { BrokerEvent } from '../port.js';
import { ExecutionBook, type CommissionVerdict } from './executions.js';
import { isCommissionMessage, isExecutionMessage, parseCommission, parseExecution, parseExecutionTime } from './wire.js';

export class Fills {
  readonly #executions = new ExecutionBook();
  readonly #emit: (event: BrokerEvent) => void;
  readonly #isOurs: (orderId: number, orderRef: string) => boolean;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(emit: (event: BrokerEvent) => void, isOurs: (orderId: number, orderRef: string) => boolean, clock: Clock, log: Logger) {
    this.#emit = emit;
    this.#isOurs = isOurs;
    this.#clock = clock;
    this.#log = log;
  }

  /** Every raw message passes here; only executions and commission reports are read. */
  onMessage(tokens: readonly string[]): void {
    try {
      if (isExecutionMessage(tokens)) this.#onExecution(tokens);
      else if (isCommissionMessage(tokens)) this.#onCommission(tokens);
    } catch (error) {
      this.#log.error({ message: tokens[0], err: messageOf(error) }, `could not read a message from TWS: ${messageOf(error)}`);
    }
  }

  #onExecution(tokens: readonly string[]): void {
    const wire = parseExecution(tokens);
    if (!this.#isOurs(wire.orderId, wire.orderRef)) {
      this.#executions.ignore(wire.execId);
      this.#log.info({ execId: wire.execId, orderId: wire.orderId, orderRef: wire.orderRef }, `execution ${wire.execId} is for order ${wire.orderId}, which Robo does not follow (another client's, or one of Robo's already filled); not booked here`);
      return;
    }
    const verdict = this.#executions.accept(wire, parseExecutionTime(wire.time, this.#clock.nowMs()));
    switch (verdict.kind) {
      case 'new':
        this.#emit({ type: 'execution', execution: verdict.execution });
        this.#flushCommission(this.#executions.takeWaiting(wire.execId));
        return;
      case 'duplicate':
      case 'superseded':
        this.#log.debug({ execId: wire.execId, kind: verdict.kind }, `execution ${wire.execId} seen again (${verdict.kind}); booked once`);
        return;
      case 'restated':
      case 'correction':
        // A newer revision of a booked fill: the host keeps every fill's revisions (across restarts too) and
        // applies a correction by its difference, so it is passed on, never booked here as a second fill.
        this.#emit({ type: 'execution', execution: { execId: wire.execId, orderId: wire.orderId, symbol: wire.symbol, side: wire.side, quantity: wire.shares, price: wire.price, time: verdict.booked.time } });
        return;
    }
  }

  #onCommission(tokens: readonly string[]): void {
    const report = parseCommission(tokens);
    if (report.commission === undefined) return;
    this.#flushCommission(this.#executions.commission(report));
  }

  #flushCommission(verdict: CommissionVerdict | undefined): void {
    if (verdict?.kind !== 'emit' || verdict.commission.commission === undefined) return;
    const { commission, currency } = verdict.commission;
    this.#log.info({ execId: verdict.execId, commission: commission.toString(), currency }, `commission ${commission.toString()} ${currency} for execution ${verdict.execId}`);
    this.#emit({ type: 'commission', execId: verdict.execId, commission, currency });
  }
}
