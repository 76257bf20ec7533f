/**
 * `robo plugins <config> [--json]`: the plugins a config runs with — built-in and third-party — in the
 * order they are installed, each with its version and the hooks it taps, and every hook's taps in the
 * order they run. It composes the host exactly as `robo start` would, so what it lists is what runs.
 */
import { STAGE, type HookName } from '../../host/hooks.js';
import { ROBO_PLUGIN_API } from '../../host/plugin-contract.js';
import { BUILTIN_PLUGINS } from '../../../plugins/index.js';
import { compose } from '../compose.js';
import { loadCliConfig } from '../load.js';
import { ROBO_VERSION } from '../../robo-version.js';


interface Tap { readonly name: string; readonly stage?: number }

export interface PluginListing {
  readonly pluginApi: string;
  readonly plugins: readonly {
    readonly name: string;
    readonly version: string;
    readonly kind: 'built-in' | 'third-party';
    readonly mandatory: boolean;
    readonly robo?: string;
    readonly from?: string;
    readonly description?: string;
    readonly hooks: readonly { readonly hook: string; readonly stage: number }[];
  }[];
  /** Each hook's taps in run order, strategies included; hooks nobody taps are left out. */
  readonly hooks: Readonly<Record<string, readonly string[]>>;
}

export async function pluginsCommand(path: string, options: { json?: boolean }): Promise<void> {
  const { file, config, plugins: loaded, strategyKinds, rateBook, calendar } = await loadCliConfig(path);
  const runtime = await compose(file, config, { logFd: 2, logLevel: 'silent', plugins: loaded, strategyKinds, rateBook, calendar });
  const { host } = runtime;
  const taps = Object.fromEntries((Object.keys(host.hooks) as HookName[]).map((hook) => [hook, (host.hooks[hook] as unknown as { taps: readonly Tap[] }).taps]));
  const listing: PluginListing = {
    pluginApi: ROBO_PLUGIN_API,
    plugins: host.plugins.map((name) => {
      const builtin = BUILTIN_PLUGINS.find((b) => b.plugin.name === name);
      const third = loaded.find((p) => p.package === name);
      const hooks = Object.entries(taps).flatMap(([hook, list]) => list.filter((t) => t.name === name).map((t) => ({ hook, stage: t.stage ?? 0 })));
      return {
        name,
        version: third?.plugin.meta.version ?? builtin?.plugin.version ?? ROBO_VERSION,
        kind: third ? 'third-party' : 'built-in',
        mandatory: host.mandatoryPlugins.includes(name),
        ...(third ? { robo: third.plugin.meta.robo, from: third.dir } : {}),
        ...(third?.plugin.meta.description === undefined ? {} : { description: third.plugin.meta.description }),
        hooks,
      };
    }),
    hooks: Object.fromEntries(Object.entries(taps).filter(([, list]) => list.length > 0).map(([hook, list]) => [hook, list.map((t) => t.name)])),
  };
  await host.stop({ reason: 'end-of-data', detail: 'listing plugins only' });
  process.stdout.write(options.json ? `${JSON.stringify(listing)}\n` : `${formatListing(path, listing)}\n`);
}

function formatListing(path: string, listing: PluginListing): string {
  const width = Math.max(...listing.plugins.map((p) => p.name.length));
  const lines = [`plugins of ${path}, in the order they are installed (plugin API ${listing.pluginApi}):`];
  listing.plugins.forEach((p, i) => {
    const what = p.kind === 'built-in' ? `built-in${p.mandatory ? ', mandatory' : ''}` : `third-party, for plugin API ${p.robo ?? '?'}, from ${p.from ?? '?'}`;
    lines.push(`  ${String(i + 1).padStart(2)}. ${p.name.padEnd(width)}  ${p.version.padEnd(7)} ${what}`);
    if (p.description !== undefined) lines.push(`      ${p.description}`);
    lines.push(`      taps: ${p.hooks.length === 0 ? '(none)' : p.hooks.map((h) => `${h.hook}${h.stage === 0 ? '' : ` (${stageName(h.stage)})`}`).join(', ')}`);
  });
  lines.push('', 'hooks, each with its taps in the order they run:');
  for (const [hook, names] of Object.entries(listing.hooks)) lines.push(`  ${hook}: ${names.join(' → ')}`);
  return lines.join('\n');
}

function stageName(stage: number): string {
  const named = Object.entries(STAGE).find(([, value]) => value === stage)?.[0];
  return named === undefined ? `stage ${stage}` : `stage ${named}`;
}
