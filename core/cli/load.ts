/** Loads and validates a config for any command, with the installed strategy kinds' own schemas. */
import { resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { loadConfig } from '../config/load.js';
import type { RoboConfig } from '../config/schema.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';

export interface CliConfig {
  readonly file: string;
  readonly config: RoboConfig;
}

export async function loadCliConfig(path: string): Promise<CliConfig> {
  const loaded = await loadConfig(resolve(path), { strategyKinds: STRATEGY_KINDS });
  const config = loaded.config as RoboConfig;
  if (config.account.mode === 'live' && config.broker.kind === 'sim') {
    throw new RoboError('ROBO_ERR_CONFIG_INVALID', `${path}: account.mode is live, but the broker is the simulated one`, {
      details: ['  live trading needs a real broker; use mode: paper with broker kind sim'],
    });
  }
  return { file: loaded.file, config };
}
