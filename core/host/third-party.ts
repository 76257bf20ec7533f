/**
 * Turns a third-party plugin (`meta` + `create`) into the host's own plugin form, so built-in and
 * third-party plugins install through one `host.install`: options get the schema's defaults, `create`
 * and `apply` run in the plugin's own context, the plugin sees only the capability façade, and its
 * `dispose` runs once when the host stops.
 */
import { Ajv } from 'ajv';
import { RoboError } from '../domain/errors.js';
import { definePlugin, type PluginDefinition } from './plugin.js';
import { checkInstanceShape, type RoboPlugin } from './plugin-contract.js';
import { thirdPartyApi, type OwnerContext } from './third-party-api.js';

/** Runs code on behalf of a named plugin, or of the host (LeakWatch). */
export interface Owners {
  run<T>(owner: string, fn: () => T): T;
  exit<T>(fn: () => T): T;
}

export function toHostPlugin(plugin: RoboPlugin<never>, owners: Owners): PluginDefinition<Record<string, unknown>> {
  const { name, version } = plugin.meta;
  const context: OwnerContext = { within: (fn) => owners.run(name, fn), outside: (fn) => owners.exit(fn) };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- context.within is an arrow function, not a method
  const within = context.within;
  const withDefaults = defaultsFor(plugin);
  return definePlugin<Record<string, unknown>>({
    name,
    version,
    ...(plugin.optionsSchema === undefined ? {} : { optionsSchema: plugin.optionsSchema }),
    apply: async (api, options) => {
      const instance: unknown = await within(() => plugin.create(withDefaults(options) as never));
      const problem = checkInstanceShape(instance);
      if (problem !== undefined) throw new RoboError('ROBO_ERR_PLUGIN_INVALID', problem);
      const { apply, dispose } = instance as { apply: (api: unknown) => unknown; dispose?: () => unknown };
      if (dispose !== undefined) api.subscriptions.add('dispose()', () => within(() => dispose.call(instance)) as Promise<void> | void);
      await within(() => apply.call(instance, thirdPartyApi(api, context)));
    },
  });
}

/**
 * The options were validated with the config (no defaults written, so a typo is never papered over);
 * here a copy gets the schema's defaults, so what the plugin's types promise is what it receives.
 */
function defaultsFor(plugin: RoboPlugin<never>): (options: Record<string, unknown>) => Record<string, unknown> {
  if (plugin.optionsSchema === undefined) return (options) => options;
  const fill = new Ajv({ strict: false, useDefaults: true, coerceTypes: false }).compile(plugin.optionsSchema);
  return (options) => {
    const copy = structuredClone(options);
    fill(copy);
    return copy;
  };
}
