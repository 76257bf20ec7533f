/**
 * Third-party plugin packages as a user's project holds them: a package.json that declares them and
 * their folders under node_modules, next to the config. Each plugin is a small ESM module source.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compose, replayFeed, type Runtime } from '../../core/cli/compose.js';
import { loadCliConfig } from '../../core/cli/load.js';
import type { SimBroker } from '../../core/brokers/sim/broker.js';
import type { Bar } from '../../core/domain/types.js';
import { barSource } from './market.js';

export interface FakePackage {
  /** The module's source (ESM); its default export is the plugin. */
  readonly source: string;
  /** package.json fields besides name; default `{ version: '1.0.0', type: 'module', exports: './index.js' }`. */
  readonly manifest?: Readonly<Record<string, unknown>>;
  /** Installed but not declared in the project's package.json. */
  readonly undeclared?: boolean;
}

/** A plugin module with the contract's shape; `body` is the text of `create(options)`'s body. */
export function pluginSource(name: string, body: string, meta: { robo?: string; dependencies?: readonly string[] } = {}, schema?: object): string {
  return `export default {
  meta: { name: ${JSON.stringify(name)}, version: '1.0.0', robo: ${JSON.stringify(meta.robo ?? '^1.0.0')}${meta.dependencies ? `, dependencies: ${JSON.stringify(meta.dependencies)}` : ''} },
  ${schema ? `optionsSchema: ${JSON.stringify(schema)},` : ''}
  create(options) { ${body} },
};
`;
}

/** Installs `packages` next to `configFile`, declared in a package.json there. */
export function installPackages(configFile: string, packages: Readonly<Record<string, FakePackage>>): void {
  const dir = dirname(configFile);
  const declared = Object.fromEntries(Object.entries(packages).filter(([, p]) => !p.undeclared).map(([name]) => [name, '1.0.0']));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-robo', private: true, dependencies: declared }));
  for (const [name, pkg] of Object.entries(packages)) {
    const folder = join(dir, 'node_modules', name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports: './index.js', ...pkg.manifest }));
    writeFileSync(join(folder, 'index.js'), pkg.source);
  }
}

export interface LoadedPipeline {
  readonly runtime: Runtime;
  readonly sim: SimBroker;
  start(): Promise<void>;
  play(bars: readonly Bar[]): Promise<void>;
}

/** The real path of every command: loadCliConfig (which loads the plugins) → compose → host. */
export async function loadedPipeline(file: string, options: { tapTimeoutMs?: number } = {}): Promise<LoadedPipeline> {
  const { file: configFile, config, plugins } = await loadCliConfig(file);
  const runtime = await compose(configFile, config, { logFd: 2, logLevel: 'silent', plugins, ...options });
  const { broker: sim } = replayFeed(runtime);
  return {
    runtime,
    sim,
    start: async () => {
      await runtime.host.start();
      await runtime.host.watch(['SPY']);
    },
    play: async (bars) => {
      await sim.replay(barSource(bars), {}, new AbortController().signal);
      await runtime.host.idle();
    },
  };
}

/** The options schema of an alerts plugin, written as schemas with definitions are: a local `$ref` and its own `$schema`. */
export const ALERTS_OPTIONS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['channel'],
  definitions: { level: { type: 'string', enum: ['info', 'warn', 'error'] } },
  properties: {
    channel: { type: 'string', minLength: 1, description: 'Where alerts go.' },
    level: { $ref: '#/definitions/level' },
  },
} as const;
