/**
 * Guarantees that a broker link which stopped answering is noticed even when its socket looks open:
 * every `intervalMs` the broker is asked for its time, and when no answer comes within `timeoutMs` the
 * link is dropped — new orders are refused at once, the broker reconnects, and state recovery runs before
 * trading resumes. It is the only heartbeat: the IB adapter has none of its own.
 */
import { isRoboError, messageOf } from '../../core/domain/errors.js';
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { heartbeatOptionsSchema } from './options.js';
import { definePlugin } from '../../core/host/plugin.js';

export const PLUGIN_NAME = 'robo:heartbeat';

export type HeartbeatOptions = ResolvedConfig['safety']['heartbeat'];

type Probe = { readonly kind: 'answered' } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'silent'; readonly reason: string };

export const heartbeat = definePlugin<HeartbeatOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: heartbeatOptionsSchema,
  apply(api, options) {
    const { link, log, tasks } = api;
    if (link === undefined) throw new Error('the heartbeat needs the host\'s link control, which only built-in plugins get');
    const { intervalMs, timeoutMs } = options;
    let paused = true;
    let probes = 0;
    let drops = 0;

    /** One probe: the broker's answer, a refusal at the host's gate (not the link's fault), or silence. */
    const probe = (): Promise<Probe> => new Promise<Probe>((resolve) => {
      const cancel = tasks.timeout('probe deadline', timeoutMs, () => resolve({ kind: 'silent', reason: `no answer to a time probe within ${timeoutMs} ms` }));
      // The broker waits as long as the heartbeat does: its own request timeout may be shorter.
      link.probe(timeoutMs).then(
        () => { cancel(); resolve({ kind: 'answered' }); },
        (error: unknown) => {
          cancel();
          // A veto at the gate (the rate limiter, say) says nothing about the link; the broker failing to answer does.
          resolve(isRoboError(error) ? { kind: 'refused', reason: messageOf(error) } : { kind: 'silent', reason: `the time probe failed: ${messageOf(error)}` });
        },
      );
    });

    const beat = async (): Promise<void> => {
      if (paused) return;
      probes++;
      const outcome = await probe();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- paused may have been set during the probe
      if (paused || outcome.kind === 'answered') return;
      if (outcome.kind === 'refused') {
        log.debug({ reason: outcome.reason }, `heartbeat probe not sent: ${outcome.reason}`);
        return;
      }
      paused = true;
      drops++;
      link.drop(`the broker stopped answering the heartbeat: ${outcome.reason}`);
    };

    api.hooks.onConnect.tap(PLUGIN_NAME, () => {
      paused = false;
      tasks.interval('probe', intervalMs, beat);
      log.debug({ intervalMs, timeoutMs }, `heartbeat: probing the broker every ${intervalMs} ms, dead after ${timeoutMs} ms without an answer`);
    });
    // No probes while the link is down: the broker is reconnecting on its own.
    api.hooks.onDisconnect.tap(PLUGIN_NAME, () => { paused = true; });
    api.hooks.onReconnect.tap(PLUGIN_NAME, () => { paused = false; });
    api.summary('heartbeat', () => ({ intervalMs, timeoutMs, probes, linksDropped: drops }));
  },
});
