/** A plugin with its options bound, for fixtures that install every plugin with `{}`. */
import { definePlugin, type PluginDefinition } from '../../core/host/plugin.js';

export function configured<O>(plugin: PluginDefinition<O>, options: O): PluginDefinition {
  return definePlugin({ name: plugin.name, ...(plugin.mandatory === undefined ? {} : { mandatory: plugin.mandatory }), apply: (api) => plugin.apply(api, options) });
}
