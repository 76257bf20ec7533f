/**
 * Who made what: the position, the cash it moved and the fees it paid, per strategy and symbol, so each
 * strategy's and each symbol's P&L can be valued at any close — the account's books hold only the sum.
 */
import { ZERO, type Decimal } from '../domain/money.js';

interface Book {
  readonly strategyId: string;
  readonly symbol: string;
  quantity: Decimal;
  /** Sells minus buys at fill prices. */
  cashFlow: Decimal;
  fees: Decimal;
}

export class Attribution {
  readonly #books = new Map<string, Book>();
  /** The books holding a position now: what exposure is counted over at every instant. */
  readonly #open = new Set<Book>();

  applyFill(strategyId: string, symbol: string, signedQuantity: Decimal, price: Decimal, fees: Decimal): void {
    const key = `${strategyId}\u0000${symbol}`;
    let book = this.#books.get(key);
    if (book === undefined) {
      book = { strategyId, symbol, quantity: ZERO, cashFlow: ZERO, fees: ZERO };
      this.#books.set(key, book);
    }
    book.quantity = book.quantity.plus(signedQuantity);
    book.cashFlow = book.cashFlow.minus(signedQuantity.times(price));
    book.fees = book.fees.plus(fees);
    if (book.quantity.isZero()) this.#open.delete(book);
    else this.#open.add(book);
  }

  /** The strategies and symbols holding a position now. */
  openNow(): { readonly strategies: ReadonlySet<string>; readonly symbols: ReadonlySet<string> } {
    const strategies = new Set<string>();
    const symbols = new Set<string>();
    for (const book of this.#open) {
      strategies.add(book.strategyId);
      symbols.add(book.symbol);
    }
    return { strategies, symbols };
  }

  get anyOpen(): boolean {
    return this.#open.size > 0;
  }

  /** Net P&L so far per strategy and per symbol, positions valued at `closeOf` (a symbol never priced: at zero P&L, i.e. its cost). */
  pnl(closeOf: (symbol: string) => Decimal | undefined): { readonly byStrategy: Map<string, Decimal>; readonly bySymbol: Map<string, Decimal> } {
    const byStrategy = new Map<string, Decimal>();
    const bySymbol = new Map<string, Decimal>();
    for (const book of this.#books.values()) {
      const close = book.quantity.isZero() ? undefined : closeOf(book.symbol);
      const value = close === undefined ? (book.quantity.isZero() ? ZERO : book.cashFlow.neg()) : book.quantity.times(close);
      const pnl = book.cashFlow.plus(value).minus(book.fees);
      byStrategy.set(book.strategyId, (byStrategy.get(book.strategyId) ?? ZERO).plus(pnl));
      bySymbol.set(book.symbol, (bySymbol.get(book.symbol) ?? ZERO).plus(pnl));
    }
    return { byStrategy, bySymbol };
  }
}
