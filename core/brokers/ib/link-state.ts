/** Where the link to TWS stands, and how a refusal says so. Orders go out only in `ready`. */
export type LinkState = 'idle' | 'connecting' | 'ready' | 'ib-link-lost' | 'reconnecting' | 'closing' | 'closed';

export function describeState(state: LinkState): string {
  switch (state) {
    case 'idle': return 'not connected yet';
    case 'connecting': return 'still connecting';
    case 'ready': return 'ready';
    case 'ib-link-lost': return 'TWS lost its link to IB';
    case 'reconnecting': return 'reconnecting to TWS';
    case 'closing': return 'disconnecting';
    case 'closed': return 'disconnected';
  }
}

const DEFAULT_RECONNECT_DELAYS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];
/** Up to this share of a reconnect delay is added at random, so many clients cut off together do not return in step. */
const JITTER = 0.2;

/** The wait before reconnect attempt `attempt` (0 first): the delays in turn, the last repeating, each lengthened by up to 20% at random. */
export function reconnectDelay(attempt: number, delays: readonly number[] = DEFAULT_RECONNECT_DELAYS, random: () => number = Math.random): number {
  const base = delays[Math.min(attempt, delays.length - 1)] ?? 1_000;
  return base + Math.round(base * JITTER * random());
}
