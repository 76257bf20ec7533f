/**
 * How many instants something was held, counted when holding starts and stops rather than at every
 * instant: a fill during instant i that opens a position counts instant i and each one after it, up to
 * (not including) the instant of the fill that closes it.
 */

/** Instants counted, and those at which something was held: overall, per strategy, per symbol. */
export interface Exposure {
  readonly instants: number;
  readonly overall: number;
  readonly byStrategy: ReadonlyMap<string, number>;
  readonly bySymbol: ReadonlyMap<string, number>;
}

/** What started or stopped holding: the account, a strategy, or a symbol. */
export type ExposureKey = { readonly kind: 'account' } | { readonly kind: 'strategy' | 'symbol'; readonly id: string };

export class ExposureClock {
  /** The instants closed so far: the index of the instant now being traded. */
  readonly #now: () => number;
  readonly #since = new Map<string, number>();
  readonly #held = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  change(key: ExposureKey, holding: boolean): void {
    const name = nameOf(key);
    if (holding) {
      if (!this.#since.has(name)) this.#since.set(name, this.#now());
      return;
    }
    const since = this.#since.get(name);
    if (since === undefined) return;
    this.#since.delete(name);
    this.#held.set(name, (this.#held.get(name) ?? 0) + this.#now() - since);
  }

  /** The totals after `instants` instants, what is still held counted to the end. */
  totals(instants: number): Exposure {
    const held = (name: string): number => (this.#held.get(name) ?? 0) + (this.#since.has(name) ? instants - this.#since.get(name)! : 0);
    const byKind = (kind: 'strategy' | 'symbol'): Map<string, number> => {
      const names = new Set([...this.#held.keys(), ...this.#since.keys()].filter((name) => name.startsWith(`${kind}:`)));
      return new Map([...names].map((name) => [name.slice(kind.length + 1), held(name)]));
    };
    return { instants, overall: held('account'), byStrategy: byKind('strategy'), bySymbol: byKind('symbol') };
  }
}

function nameOf(key: ExposureKey): string {
  return key.kind === 'account' ? 'account' : `${key.kind}:${key.id}`;
}
