/**
 * Whether new orders may go to the broker, as a state rather than a flag: not before the first
 * reconciliation, never while the link is down or being reconciled, and not after a reconciliation that
 * failed — until the next one passes. Cancels need only a live link.
 */
import type { Veto } from '../domain/types.js';

export type LinkState = 'connecting' | 'reconciling' | 'up' | 'down' | 'halted';

export class TradingGate {
  readonly #by: string;
  #state: LinkState = 'connecting';
  #reason = 'the broker is not connected yet';

  constructor(by: string) {
    this.#by = by;
  }

  get state(): LinkState {
    return this.#state;
  }

  get reason(): string {
    return this.#reason;
  }

  down(reason: string): void {
    this.#state = 'down';
    this.#reason = reason;
  }

  reconciling(): void {
    this.#state = 'reconciling';
    this.#reason = 'state recovery is reconciling the books with the broker';
  }

  up(): void {
    this.#state = 'up';
    this.#reason = '';
  }

  halted(reason: string): void {
    this.#state = 'halted';
    this.#reason = reason;
  }

  /** Cancels go out whenever the link is up and reconciled, even while new orders are halted. */
  get cancelsPass(): boolean {
    return this.#state === 'up' || this.#state === 'halted';
  }

  /** Why a new order may not go now, or undefined when it may. */
  veto(): Veto | undefined {
    switch (this.#state) {
      case 'up':
        return undefined;
      case 'down':
        return { by: this.#by, code: 'LINK_DOWN', reason: `the broker link is down (${this.#reason}); new orders are refused until it is back and reconciled` };
      case 'reconciling':
      case 'connecting':
        return { by: this.#by, code: 'RECONCILING', reason: `${this.#reason}; new orders are refused until it has finished` };
      case 'halted':
        return { by: this.#by, code: 'RECOVERY_HALTED', reason: `trading is halted because state recovery did not pass: ${this.#reason}; it is tried again at the next reconnect (or restart)` };
    }
  }
}
