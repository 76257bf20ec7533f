/**
 * Loads and validates a config for any command, with the installed strategy kinds' own schemas and the
 * third-party plugins and strategy kinds it names (imported first, so their options and params are checked
 * with the rest of the file).
 */
import { resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { RoboConfig } from '../config/schema.js';
import type { ConfigOverride } from '../config/overrides.js';
import type { LoadedPlugin } from '../host/load-plugins.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import type { RateBook } from '../../plugins/costs/tables.js';
import { calendarFor } from './config-calendar.js';
import { rateBookFor } from './rate-files.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';
import type { StrategyKind } from '../../strategies/sdk.js';

export interface CliConfig {
  readonly file: string;
  readonly config: RoboConfig;
  /** Every strategy kind the config can run: the built-ins, and those its packages and modules bring, by the name the config gives them. */
  readonly strategyKinds: ReadonlyMap<string, StrategyKind<never>>;
  /** The config's third-party plugins, loaded and checked, in the order of `plugins:`. */
  readonly plugins: readonly LoadedPlugin[];
  /** Where a path of the config is written, for problems found after loading (see LoadedConfig.locate). */
  readonly locate: LoadedConfig['locate'];
  /** A value's text as written when the environment built it: what messages print (see LoadedConfig.writtenAs). */
  readonly writtenAs: LoadedConfig['writtenAs'];
  /** The fee tables the run charges from: the built-in ones with the config's rates files and rates merged in. */
  readonly rateBook: RateBook;
  /** The exchange calendar the run trades by: the built-in one, with `calendar.additionsFile` merged in. */
  readonly calendar: ExchangeCalendar;
}

export async function loadCliConfig(path: string, overrides: readonly ConfigOverride[] = []): Promise<CliConfig> {
  let plugins: readonly LoadedPlugin[] = [];
  let strategyKinds: ReadonlyMap<string, StrategyKind<never>> = STRATEGY_KINDS;
  const builtins = BUILTIN_PLUGINS.map((b) => b.plugin.name);
  const loaded = await loadConfig(resolve(path), {
    strategyKinds: STRATEGY_KINDS,
    overrides,
    resolvePlugins: async (file, requests) => {
      // The plugin loader (semver, ajv for their options schemas) is imported only when plugins are listed.
      if (requests.length === 0) return { schemas: new Map(), problems: [] };
      const { loadPluginPackages } = await import('../host/load-plugins.js');
      const load = await loadPluginPackages(file, requests, builtins);
      plugins = load.plugins;
      return load;
    },
    resolveStrategies: async (file, requests) => {
      // Like the plugin loader, imported only when the config names a kind from a package or a module.
      if (requests.length === 0) return { kinds: new Map(), problems: [] };
      const { loadStrategyKinds } = await import('../../strategies/load-kinds.js');
      const load = await loadStrategyKinds(file, requests);
      strategyKinds = new Map([...STRATEGY_KINDS, ...load.kinds]);
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
  // Rates files are read with the config: a mistake in one is a config error, before anything runs.
  const rateBook = await rateBookFor(path, config.safety.costs, loaded);
  const calendar = await calendarFor(path, config.calendar, loaded);
  return { file: loaded.file, config, strategyKinds, plugins, locate: loaded.locate, writtenAs: loaded.writtenAs, rateBook, calendar };
}
