/**
 * Who made what: the position, the cash it moved and the fees it paid, per strategy and symbol, so each
 * strategy's and each symbol's P&L can be valued at any close — the account's books hold only the sum.
 */
import { ZERO, type Decimal } from '../domain/money.js';
import type { ExposureKey } from './exposure.js';

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
  /** The books holding a position now. */
  readonly #open = new Set<Book>();
  /** Told when the account, a strategy or a symbol starts or stops holding anything. */
  readonly #onChange: (key: ExposureKey, holding: boolean) => void;

  constructor(onChange: (key: ExposureKey, holding: boolean) => void = () => undefined) {
    this.#onChange = onChange;
  }

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
    this.#tell(strategyId, symbol);
  }

  /** After a fill changed one book: whether its strategy, its symbol and the account hold anything now. */
  #tell(strategyId: string, symbol: string): void {
    let strategyHolds = false;
    let symbolHolds = false;
    for (const book of this.#open) {
      if (book.strategyId === strategyId) strategyHolds = true;
      if (book.symbol === symbol) symbolHolds = true;
    }
    this.#onChange({ kind: 'strategy', id: strategyId }, strategyHolds);
    this.#onChange({ kind: 'symbol', id: symbol }, symbolHolds);
    this.#onChange({ kind: 'account' }, this.#open.size > 0);
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
