/**
 * Every market-data subscription is registered with its owner and released exactly once: on
 * unsubscribe, or at shutdown. A release that fails is reported and never stops the others.
 */
export interface SubscriptionInfo {
  readonly id: number;
  readonly owner: string;
  readonly description: string;
}

export interface Subscription extends SubscriptionInfo {
  release(): Promise<void>;
}

export class SubscriptionRegistry {
  readonly #active = new Map<number, { info: SubscriptionInfo; release: () => Promise<void> | void }>();
  #nextId = 1;

  add(owner: string, description: string, release: () => Promise<void> | void): Subscription {
    const info: SubscriptionInfo = { id: this.#nextId++, owner, description };
    this.#active.set(info.id, { info, release });
    return { ...info, release: () => this.#release(info.id) };
  }

  active(): readonly SubscriptionInfo[] {
    return [...this.#active.values()].map((e) => e.info);
  }

  /** Releases everything; every failure is returned, none hides another. */
  async releaseAll(): Promise<readonly { info: SubscriptionInfo; error: unknown }[]> {
    const entries = [...this.#active.values()];
    this.#active.clear();
    const results = await Promise.allSettled(entries.map(async (e) => e.release()));
    const failures: { info: SubscriptionInfo; error: unknown }[] = [];
    results.forEach((r, i) => {
      const entry = entries[i];
      if (r.status === 'rejected' && entry) failures.push({ info: entry.info, error: r.reason });
    });
    return failures;
  }

  async #release(id: number): Promise<void> {
    const entry = this.#active.get(id);
    if (!entry) return;
    this.#active.delete(id);
    await entry.release();
  }
}
