/**
 * Loads and validates a config for any command, with the installed strategy kinds' own schemas and the
 * third-party plugins it names (imported first, so their options are checked with the rest of the file).
 */
import { resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { loadConfig } from '../config/load.js';
import type { RoboConfig } from '../config/schema.js';
import type { LoadedPlugin } from '../host/load-plugins.js';
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';

export interface CliConfig {
  readonly file: string;
  readonly config: RoboConfig;
  /** The config's third-party plugins, loaded and checked, in the order of `plugins:`. */
  readonly plugins: readonly LoadedPlugin[];
}

export async function loadCliConfig(path: string): Promise<CliConfig> {
  let plugins: readonly LoadedPlugin[] = [];
  const builtins = BUILTIN_PLUGINS.map((b) => b.plugin.name);
  const loaded = await loadConfig(resolve(path), {
    strategyKinds: STRATEGY_KINDS,
    resolvePlugins: async (file, requests) => {
      // The plugin loader (semver, ajv for their options schemas) is imported only when plugins are listed.
      if (requests.length === 0) return { schemas: new Map(), problems: [] };
      const { loadPluginPackages } = await import('../host/load-plugins.js');
      const load = await loadPluginPackages(file, requests, builtins);
      plugins = load.plugins;
      return load;
    },
  });
  const config = loaded.config as RoboConfig;
  if (config.account.mode === 'live' && config.broker.kind === 'sim') {
    throw new RoboError('ROBO_ERR_CONFIG_INVALID', `${path}: account.mode is live, but the broker is the simulated one`, {
      details: ['  live trading needs a real broker; use mode: paper with broker kind sim'],
    });
  }
  const ib = config.broker.kind === 'ib';
  const live = config.data.source === 'broker';
  if (ib !== live) {
    throw new RoboError('ROBO_ERR_CONFIG_INVALID', `${path}: broker kind ${config.broker.kind} cannot use data source ${config.data.source}`, {
      details: [ib
        ? '  Interactive Brokers trades live bars: use data: { source: broker, barSeconds: 60 }'
        : '  data source broker means live bars from Interactive Brokers: use broker kind ib, or data source generated or csv with the simulated broker'],
    });
  }
  return { file: loaded.file, config, plugins };
}
