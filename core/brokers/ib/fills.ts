/**
 * Turns the raw EXECUTION_DATA and COMMISSION_REPORT messages into the port's execution and commission
 * events: Decimal values from the wire text, each fill once (see ExecutionBook), a commission only
 * after its fill, and executions of orders this run did not place left alone.
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
  readonly #isOurs: (orderId: number) => boolean;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(emit: (event: BrokerEvent) => void, isOurs: (orderId: number) => boolean, clock: Clock, log: Logger) {
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
    if (!this.#isOurs(wire.orderId)) {
      this.#executions.ignore(wire.execId);
      this.#log.info({ execId: wire.execId, orderId: wire.orderId, orderRef: wire.orderRef }, `execution ${wire.execId} is for order ${wire.orderId}, which was not placed by this run; not booked`);
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
        this.#log.info({ execId: wire.execId, booked: verdict.booked.execId }, `IB restated execution ${verdict.booked.execId} as ${wire.execId} with the same quantity and price; nothing changes`);
        return;
      case 'correction':
        // The host books fills and cannot amend one yet: say exactly what differs, never book it twice.
        this.#log.error(
          { execId: wire.execId, booked: verdict.booked.execId, bookedQuantity: verdict.booked.quantity.toString(), bookedPrice: verdict.booked.price.toString(), quantity: wire.shares.toString(), price: wire.price.toString() },
          `IB corrected execution ${verdict.booked.execId} to ${wire.execId} (${wire.shares.toString()} @ ${wire.price.toString()} instead of ${verdict.booked.quantity.toString()} @ ${verdict.booked.price.toString()}); Robo cannot amend a booked fill yet, so its position and cash for ${wire.symbol} differ from IB's until reconciled`,
        );
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
