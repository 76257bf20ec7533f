/**
 * A test double around a real broker: it forwards everything, records each order request and each
 * event the broker emits, and can emit an event again (a duplicated execution, a late status) as if
 * the broker had sent it twice.
 */
import { BrokerOutcomeUnknown, BrokerRejection, type BarListener, type BrokerEvent, type BrokerListener, type BrokerPort, type BrokerSession, type BrokerSnapshot, type PlaceOrderRequest, type ReconcileRequest } from '../../core/brokers/port.js';

export class RecordingBroker implements BrokerPort {
  readonly kind: string;
  readonly inner: BrokerPort;
  /** Every order request, as the broker received it. */
  readonly placed: PlaceOrderRequest[] = [];
  /** Every event the broker emitted, in order (re-emitted ones included). */
  readonly events: BrokerEvent[] = [];
  /** Called before each request is forwarded, e.g. to trace the order path. */
  onPlace: (request: PlaceOrderRequest) => void = () => {};
  /**
   * Returns a reason to refuse an order the way a broker does — a rejected status event, then
   * placeOrder rejects with BrokerRejection — or undefined to forward it.
   */
  refuse: (request: PlaceOrderRequest) => string | undefined = () => undefined;
  /**
   * True to lose the order the way a dying link does: placeOrder rejects with BrokerOutcomeUnknown (sent,
   * outcome unknown) and no answer comes; here the order never reached the broker.
   */
  lose: (request: PlaceOrderRequest) => boolean = () => false;
  #listener: BrokerListener | undefined;

  constructor(inner: BrokerPort) {
    this.inner = inner;
    this.kind = inner.kind;
  }

  /** The listener the host passed to connect. */
  get listener(): BrokerListener {
    if (this.#listener === undefined) throw new Error('the host has not connected yet');
    return this.#listener;
  }

  async connect(listener: BrokerListener, journaled?: (orderId: number, orderRef: string) => boolean): Promise<BrokerSession> {
    this.#listener = listener;
    return this.inner.connect((event) => this.emit(event), journaled);
  }

  /** Sends `event` to the host as if the broker had sent it. */
  emit(event: BrokerEvent): void {
    this.events.push(event);
    this.listener(event);
  }

  executions(): Extract<BrokerEvent, { type: 'execution' }>[] {
    return this.events.filter((e): e is Extract<BrokerEvent, { type: 'execution' }> => e.type === 'execution');
  }

  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }

  async placeOrder(request: PlaceOrderRequest): Promise<void> {
    this.placed.push(request);
    this.onPlace(request);
    const reason = this.refuse(request);
    if (reason !== undefined) {
      this.emit({ type: 'status', orderId: request.orderId, status: 'rejected', reason });
      throw new BrokerRejection(reason);
    }
    if (this.lose(request)) throw new BrokerOutcomeUnknown(`the link dropped before the broker answered order ${request.orderId}`);
    return this.inner.placeOrder(request);
  }

  modifyOrder(request: PlaceOrderRequest): Promise<void> {
    return this.inner.modifyOrder(request);
  }

  cancelOrder(orderId: number): Promise<void> {
    return this.inner.cancelOrder(orderId);
  }

  currentTime(timeoutMs?: number): Promise<number> {
    return this.inner.currentTime(timeoutMs);
  }

  subscribeBars(symbols: readonly string[], listener: BarListener): Promise<() => Promise<void>> {
    return this.inner.subscribeBars(symbols, listener);
  }

  /** Every reconciliation the host asked for, and what it was told. */
  readonly reconciliations: { request: ReconcileRequest; snapshot: BrokerSnapshot }[] = [];
  /** Replaces what the next reconciliations answer (a position the journal does not know, say); by default the broker's own answer. */
  answer: (snapshot: BrokerSnapshot) => BrokerSnapshot | Promise<BrokerSnapshot> = (snapshot) => snapshot;

  async reconcile(request: ReconcileRequest): Promise<BrokerSnapshot> {
    const snapshot = await this.answer(await this.inner.reconcile(request));
    this.reconciliations.push({ request, snapshot });
    return snapshot;
  }

  dropLink(reason: string): void {
    this.inner.dropLink(reason);
  }
}
