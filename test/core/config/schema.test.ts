/** Specification of the schema as the single source of truth: documented, closed, committed, and the source of every default. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../../core/config/ajv.js';
import { loadConfig } from '../../../core/config/load.js';
import { precompiledValidator } from '../../../core/config/precompiled.js';
import { configSchema } from '../../../core/config/schema.js';
import { VALIDATORS_FILE, renderValidators } from '../../../core/config/standalone.js';
import { SCHEMA_FILE, builtinSchemas, renderConfigSchema } from '../../../core/config/write-schema.js';
import { STRATEGY_KINDS, fixture } from './fixtures.js';

type Json = Readonly<Record<string, unknown>>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every subschema with its path in the schema, visiting properties, items and oneOf branches. */
function subschemas(schema: Json, at = '#'): [string, Json][] {
  const found: [string, Json][] = [[at, schema]];
  const properties = schema['properties'];
  if (isJson(properties)) {
    for (const [key, child] of Object.entries(properties)) if (isJson(child)) found.push(...subschemas(child, `${at}/properties/${key}`));
  }
  if (isJson(schema['items'])) found.push(...subschemas(schema['items'], `${at}/items`));
  const branches = schema['oneOf'];
  if (Array.isArray(branches)) branches.forEach((branch: unknown, i) => isJson(branch) && found.push(...subschemas(branch, `${at}/oneOf/${i}`)));
  return found;
}

/** Pairs of [path, default, value the loader produced] for every defaulted key reachable in `value`. */
function defaultsIn(schema: Json, value: unknown, at: string): [string, unknown, unknown][] {
  const branches = schema['oneOf'];
  if (Array.isArray(branches)) {
    const chosen = branches.filter(isJson).find((branch) => Object.entries(isJson(branch['properties']) ? branch['properties'] : {}).some(([key, p]) => isJson(p) && isJson(value) && 'const' in p && value[key] === p['const']));
    return chosen ? defaultsIn(chosen, value, at) : [];
  }
  const found: [string, unknown, unknown][] = [];
  const properties = schema['properties'];
  if (isJson(properties) && isJson(value)) {
    for (const [key, child] of Object.entries(properties)) {
      if (!isJson(child)) continue;
      if ('default' in child) found.push([`${at}.${key}`, child['default'], value[key]]);
      found.push(...defaultsIn(child, value[key], `${at}.${key}`));
    }
  }
  if (isJson(schema['items']) && Array.isArray(value)) value.forEach((item: unknown, i) => isJson(schema['items']) && found.push(...defaultsIn(schema['items'], item, `${at}[${i}]`)));
  return found;
}

describe('configSchema', () => {
  it('when compared with the committed schema file then they are identical (run npm run build && npm run schema to update)', async () => {
    const committed = await readFile(fileURLToPath(new URL(`../../../${SCHEMA_FILE}`, import.meta.url)), 'utf8');

    expect(committed).toBe(renderConfigSchema());
    expect(JSON.parse(committed)).toMatchObject({ $id: expect.any(String), title: expect.any(String) });
  });

  it('when compared with the committed precompiled validators then they are identical (run npm run build && npm run schema to update)', async () => {
    const committed = await readFile(fileURLToPath(new URL(`../../../${VALIDATORS_FILE}`, import.meta.url)), 'utf8');

    expect(committed).toBe(renderValidators(builtinSchemas()));
  });

  it('when the config schema and every built-in strategy kind\'s params schema are looked up then each has a precompiled validator', () => {
    const schemas = builtinSchemas();

    expect(schemas.filter((schema) => precompiledValidator(schema) === undefined)).toEqual([]);
    expect(schemas.length).toBeGreaterThan(1);
  });

  it('when walked then every property has a description and every object with properties is closed', () => {
    const all = subschemas(configSchema);

    const undocumented = all.filter(([path, schema]) => /\/properties\/[^/]+$/.test(path) && typeof schema['description'] !== 'string').map(([path]) => path);
    const open = all.filter(([, schema]) => isJson(schema['properties']) && schema['additionalProperties'] !== false).map(([path]) => path);

    expect(undocumented).toEqual([]);
    expect(open).toEqual([]);
    expect(all.length).toBeGreaterThan(40);
  });

  it('when compiled by ajv in strict mode then it is accepted', () => {
    expect(() => createAjv().compile(configSchema)).not.toThrow();
  });

  it('when a minimal config is loaded then every default the schema documents is the one applied', async () => {
    const checked: string[] = [];
    for (const name of ['minimal.yaml', 'minimal-generated.yaml']) {
      const { config } = await loadConfig(fixture(name), { strategyKinds: STRATEGY_KINDS, env: {} });

      for (const [path, documented, applied] of defaultsIn(configSchema, config, '')) {
        if (isJson(documented) || Array.isArray(documented)) expect(applied, path).toBeTypeOf('object');
        else expect(applied, path).toBe(documented);
        checked.push(path);
      }
    }

    expect(new Set(checked)).toEqual(
      new Set(['.account.mode', '.account.currency', '.broker.latencyMs', '.broker.fillModel', '.broker.fillModel.maxShareOfBarVolume', '.broker.fillModel.slippage', '.broker.fillModel.slippage.model', '.broker.fillModel.slippage.bps', '.broker.fillModel.slippage.spreadBps', '.broker.fillModel.slippage.impact', '.broker.rejectProbability', '.broker.seed', '.data.pace', '.data.pace.barsPerSecond', '.safety', '.safety.circuitBreaker', '.safety.circuitBreaker.maxConsecutiveFailures', '.safety.circuitBreaker.cooldownSeconds', '.safety.circuitBreaker.dailyLossPercent', '.safety.circuitBreaker.reducingAtShareOfDailyLoss', '.safety.circuitBreaker.maxDrawdownPercent', '.safety.riskLimits', '.safety.riskLimits.maxOrderQuantity', '.safety.riskLimits.maxOrderNotional', '.safety.riskLimits.maxDailyNotional', '.safety.riskLimits.maxPositionQuantity', '.safety.riskLimits.maxOpenOrdersPerSide', '.safety.riskLimits.priceCollarPercent', '.safety.riskLimits.tradingHours', '.safety.rateLimiter', '.safety.rateLimiter.messagesPerSecond', '.safety.rateLimiter.burst', '.safety.rateLimiter.orders', '.safety.rateLimiter.orders.max', '.safety.rateLimiter.orders.maxPerSymbol', '.safety.rateLimiter.orders.intervalSeconds', '.safety.rateLimiter.maxWaitMs', '.safety.rateLimiter.maxQueue', '.safety.costs', '.safety.costs.plan', '.safety.costs.rounding', '.safety.costs.monthVolume', '.safety.costs.staleRates', '.safety.costs.rates', '.safety.costs.ratesFiles', '.safety.heartbeat', '.safety.heartbeat.intervalMs', '.safety.heartbeat.timeoutMs', '.safety.stateRecovery', '.safety.stateRecovery.unknown', '.journal', '.journal.path', '.shutdown', '.shutdown.cancelOpenOrders', '.shutdown.keepProtectiveExits', '.log', '.log.level', '.plugins', '.strategies[0].params']),
    );
  });
});
