/**
 * Installs the config's third-party plugins on a host, after the built-ins and before the strategies,
 * each with its options from the config, under a leak watch: at stop, any handle a plugin opened and
 * left open is reported by the plugin's name (and closed).
 */
import type { Host } from './host.js';
import { LeakWatch, describeHandle } from './leak-watch.js';
import type { LoadedPlugin } from './load-plugins.js';
import { toHostPlugin } from './third-party.js';

export interface PluginEntry {
  readonly package: string;
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

export async function installThirdParty(host: Host, entries: readonly PluginEntry[], loaded: readonly LoadedPlugin[]): Promise<void> {
  if (loaded.length === 0) return;
  const watch = new LeakWatch();
  watch.enable();
  host.afterStop(async () =>
    (await watch.collect()).map((leak) => `[plugin ${leak.owner}] leaked ${describeHandle(leak.type)}; the host closed it at stop (create timers with api.tasks, release resources in dispose)`));
  for (const { package: name, plugin } of loaded) {
    const options = entries.find((entry) => entry.package === name)?.options ?? {};
    await host.install(toHostPlugin(plugin, watch), { ...options });
  }
}
