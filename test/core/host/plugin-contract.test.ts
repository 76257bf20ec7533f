/**
 * The third-party contract as an author meets it: definePlugin checks the shape at once, types the
 * options from the schema (defaults filled in), and refuses what the host would refuse later.
 */
import { describe, expect, it } from 'vitest';
import { definePlugin, ROBO_PLUGIN_API, type PluginApi } from '../../../core/public.js';

const meta = { name: 'robo-plugin-example', version: '1.2.3', robo: '^1.0.0' };

describe('definePlugin (robo-trader/plugin)', () => {
  it('when the plugin keeps the contract then it is returned frozen, meta and all', () => {
    const plugin = definePlugin({ meta, create: () => ({ apply() {} }) });

    expect(Object.isFrozen(plugin)).toBe(true);
    expect(Object.isFrozen(plugin.meta)).toBe(true);
    expect(plugin.meta).toEqual(meta);
  });

  it.each([
    ['a name that is not a package name', { ...meta, name: 'Robo Plugin' }, 'meta.name must be the npm package name'],
    ['a built-in name', { ...meta, name: 'robo:risk-limits' }, 'only built-in plugins may use'],
    ['a version that is not semver', { ...meta, version: 'one' }, 'meta.version must be a semver version'],
    ['a host range that is not semver', { ...meta, robo: 'latest' }, 'meta.robo must be a semver range'],
  ])('when meta has %s then definePlugin throws at once', (_what, badMeta, words) => {
    expect(() => definePlugin({ meta: badMeta, create: () => ({ apply() {} }) })).toThrow(words);
  });

  it('when the schema has defaults and an enum then create\'s options are typed from it', () => {
    const plugin = definePlugin({
      meta,
      optionsSchema: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string' }, retries: { type: 'integer', default: 3 }, mode: { enum: ['fills', 'all'], default: 'fills' } } },
      create(options) {
        const url: string = options.url;
        const retries: number = options.retries;
        const mode: 'fills' | 'all' = options.mode;
        // @ts-expect-error an option the schema does not have
        void options.colour;
        return { apply(api: PluginApi) { api.log.info({ url, retries, mode }, 'ready'); } };
      },
    });

    expect(plugin.optionsSchema).toBeDefined();
    expect(ROBO_PLUGIN_API).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('when a plugin taps the hooks then the types keep it to tapping in its name, with no beforeBrokerRequest', () => {
    definePlugin({
      meta,
      create: () => ({
        apply(api) {
          api.hooks.afterFill.tap(api.name, (fill) => { void fill.execution.price.toFixed(2); });
          // @ts-expect-error beforeBrokerRequest is reserved for the built-in guards
          void api.hooks.beforeBrokerRequest;
          // @ts-expect-error a third-party plugin cannot fire a hook
          void api.hooks.beforeOrder.promise;
          // @ts-expect-error no way to move cash
          void api.charge;
        },
      }),
    });
  });
});
