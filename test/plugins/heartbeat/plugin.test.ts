/** robo:heartbeat — a link that stops answering is dropped even when its socket looks open; a refusal at the gate is not silence. */
import { describe, expect, it } from 'vitest';
import type { Veto } from '../../../core/domain/types.js';
import { definePlugin, type PluginDefinition } from '../../../core/host/plugin.js';
import { heartbeat } from '../../../plugins/heartbeat/plugin.js';
import { stateRecovery } from '../../../plugins/state-recovery/plugin.js';
import { configured as bound } from '../../support/configured.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { hostFixture } from '../../support/host-fixture.js';

const OPTIONS = { intervalMs: 10_000, timeoutMs: 5_000 };

function configured(): PluginDefinition {
  return bound(heartbeat, OPTIONS);
}

/** Records what the host announced about the link. */
function linkWatcher(seen: string[]): PluginDefinition {
  return definePlugin({
    name: 'link-watcher',
    apply(api) {
      api.hooks.onDisconnect.tap('link-watcher', ({ reason }) => { seen.push(`down: ${reason}`); });
      api.hooks.onReconnect.tap('link-watcher', () => { seen.push('up'); });
    },
  });
}

describe('robo:heartbeat', () => {
  it('when the broker answers every probe then one probe goes out per interval and the link stays up', async () => {
    const timers = new FakeTimers();
    const seen: string[] = [];
    const fx = await hostFixture({ timers, plugins: () => [configured(), linkWatcher(seen)] });

    await timers.advance(3 * OPTIONS.intervalMs);

    expect(fx.sim.requests.filter((r) => r.kind === 'currentTime')).toHaveLength(3);
    expect(seen).toEqual([]);
    expect(fx.host.link).toBe('up');
  });

  it('when a probe gets no answer within the timeout then the host drops the link with the reason, onDisconnect fires, and trading resumes only after recovery', async () => {
    const timers = new FakeTimers();
    const seen: string[] = [];
    const fx = await hostFixture({ timers, plugins: () => [configured(), bound(stateRecovery, { unknown: 'refuse' }), linkWatcher(seen)] });
    fx.broker.currentTime = () => new Promise<number>(() => {});

    await timers.advance(OPTIONS.intervalMs + OPTIONS.timeoutMs);
    await fx.host.idle();

    expect(seen).toEqual([`down: the broker stopped answering the heartbeat: no answer to a time probe within ${OPTIONS.timeoutMs} ms`, 'up']);
    expect(fx.broker.reconciliations).toHaveLength(2);
    expect(fx.host.link).toBe('up');
  });

  it('when the probe is refused at the host\'s gate then that is not silence, and the link is kept', async () => {
    const timers = new FakeTimers();
    const seen: string[] = [];
    const refuseProbes = definePlugin({
      name: 'robo:test-refuse-probes',
      mandatory: true,
      apply(api) {
        api.hooks.beforeBrokerRequest.tap('robo:test-refuse-probes', (request): Veto | undefined => (request.kind === 'currentTime' ? { by: 'robo:test-refuse-probes', reason: 'no probes today' } : undefined));
      },
    });
    const fx = await hostFixture({ timers, plugins: () => [configured(), refuseProbes, linkWatcher(seen)] });

    await timers.advance(3 * (OPTIONS.intervalMs + OPTIONS.timeoutMs));

    expect(seen).toEqual([]);
    expect(fx.host.link).toBe('up');
  });
});
