/**
 * Before a live session trades, each strategy's indicators are filled from the broker's historical bars
 * of its symbols — as many of the feed's bars as the strategy needs, ending now — so it can act on the
 * first live bar instead of waiting hours for its averages. Nothing a strategy asks for meanwhile is sent.
 * A broker without history (or a strategy that needs none) warms up on the live bars instead.
 */
import { messageOf } from '../domain/errors.js';
import type { Runtime } from './compose.js';

export async function warmUpLive(runtime: Runtime): Promise<void> {
  const { broker, config, host, log } = runtime;
  const history = broker.historicalBars?.bind(broker);
  if (history === undefined || config.data.source !== 'broker') return;
  const data = config.data;
  for (const strategy of runtime.strategies) {
    if (strategy.warmupFeedBars === 0) continue;
    for (const symbol of strategy.symbols) {
      try {
        const bars = await history({ symbol, barSeconds: data.barSeconds, count: strategy.warmupFeedBars, endMs: host.clock.nowMs(), useRth: data.useRth, whatToShow: data.whatToShow });
        for (const bar of bars) await strategy.warm(bar);
        log.info({ strategy: strategy.id, symbol, bars: bars.length, needed: strategy.warmupFeedBars }, `strategy ${strategy.id} warmed up on ${bars.length} historical bars of ${symbol}${bars.length < strategy.warmupFeedBars ? `; it waits for ${strategy.warmupFeedBars - bars.length} more live bars before trading` : ''}`);
      } catch (error) {
        log.warn({ strategy: strategy.id, symbol, err: messageOf(error) }, `strategy ${strategy.id} could not load historical bars of ${symbol} (${messageOf(error)}): it warms up on live bars and trades once it has ${strategy.warmupFeedBars} of them`);
      }
    }
  }
}
