/**
 * The built-in plugins, in the order they are installed — before any third-party plugin — so the whole
 * pipeline reads top to bottom here. Mandatory ones cannot be removed from the config, only tuned.
 */
import type { PluginDefinition } from '../core/host/plugin.js';

export interface BuiltinPlugin {
  readonly plugin: PluginDefinition<never>;
  /** The key under `safety:` in robo.config.yaml that holds this plugin's options. */
  readonly configKey: string;
}

export const BUILTIN_PLUGINS: readonly BuiltinPlugin[] = [];
