/**
 * Third-party-style plugins that do nothing: each taps `onBar`, `beforeOrder` and `afterFill` with an
 * `async` function, the way a plugin author usually writes one, so the scaling case measures what the
 * host charges per plugin — containment, ordering, the promise chain — and nothing of the plugin's own.
 */
import { definePlugin, type PluginDefinition } from '../../core/host/plugin.js';

export function noopPlugins(count: number): PluginDefinition[] {
  return Array.from({ length: count }, (_, i) => definePlugin({
    name: `robo-plugin-noop-${i + 1}`,
    version: '1.0.0',
    apply(api) {
      api.hooks.onBar.tapPromise(api.name, async () => {});
      api.hooks.beforeOrder.tapPromise(api.name, async () => undefined);
      api.hooks.afterFill.tapPromise(api.name, async () => {});
    },
  }));
}
