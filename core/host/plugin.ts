/**
 * The plugin contract, the same for built-in and third-party plugins: a required name, an optional
 * JSON Schema for the options (validated with the rest of the config), and `apply`, which taps hooks
 * through the API the host hands it — never through the broker.
 */
import { RoboError } from '../domain/errors.js';
import type { PluginApi } from './plugin-api.js';

export interface PluginDefinition<Options = Record<string, never>> {
  /** `robo:<name>` for built-ins; the npm package name for third-party plugins. */
  readonly name: string;
  readonly version?: string;
  /** JSON Schema of the options; `additionalProperties: false` expected. */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /**
   * Built-in safety plugins are mandatory: they cannot be removed, only tuned; their taps keep the stages
   * they ask for and re-check every amended order. Only a built-in (named `robo:…`) may claim it.
   */
  readonly mandatory?: boolean;
  /**
   * Option keys the command line hands a built-in besides its config — objects, not JSON (the cost
   * plugin's rate tables) — left out when the options are checked against `optionsSchema`.
   */
  readonly hostOnlyOptions?: readonly string[];
  apply(api: PluginApi, options: Options): void | Promise<void>;
}

const NAME = /^(robo:[a-z][a-z0-9-]*|(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*)$/;

export function definePlugin<Options = Record<string, never>>(definition: PluginDefinition<Options>): PluginDefinition<Options> {
  if (typeof definition.name !== 'string' || !NAME.test(definition.name)) {
    throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `a plugin needs a name like robo:<name> or an npm package name, was ${JSON.stringify(definition.name)}`);
  }
  if (typeof definition.apply !== 'function') {
    throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${definition.name} has no apply(api, options) function`);
  }
  return Object.freeze({ ...definition });
}
