/**
 * Every indicator of the catalog, run bar by bar over the fixture (test/fixtures/indicators/ohlcv.csv), against
 * ./reference.ts: THE REFERENCE, textbook whole-array implementations written from the TA-Lib definitions of the
 * reference doc, independent of the catalog (no shared code, no running state; see its header). Values must
 * agree within 1e-9 and be undefined (NaN) on exactly the same bars.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../../core/config/ajv.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { INDICATORS } from '../../../strategies/indicators/catalog.js';
import type { IndicatorKind } from '../../../strategies/indicators/contract.js';
import { columnsOf, loadFixtureBars } from './fixture.js';
import * as ref from './reference.js';

const bars = loadFixtureBars();
const c = columnsOf(bars);
const calendar = loadExchangeCalendar('XNYS');
const hl2 = c.high.map((h, i) => (h + c.low[i]!) / 2);
const hlc3 = c.high.map((h, i) => (h + c.low[i]! + c.close[i]!) / 3);
const ohlc4 = c.open.map((o, i) => (o + c.high[i]! + c.low[i]! + c.close[i]!) / 4);

interface Case {
  readonly kind: string;
  readonly params: Record<string, unknown>;
  readonly expected: Readonly<Record<string, readonly number[]>>;
}

const main = (values: number[]) => ({ main: values });

const CASES: readonly Case[] = [
  { kind: 'sma', params: { period: 20 }, expected: main(ref.sma(c.close, 20)) },
  { kind: 'sma', params: { period: 5, source: 'hl2' }, expected: main(ref.sma(hl2, 5)) },
  { kind: 'ema', params: { period: 10 }, expected: main(ref.ema(c.close, 10)) },
  { kind: 'ema', params: { period: 50, source: 'ohlc4' }, expected: main(ref.ema(ohlc4, 50)) },
  { kind: 'wma', params: { period: 9 }, expected: main(ref.wma(c.close, 9)) },
  { kind: 'wma', params: { period: 30, source: 'volume' }, expected: main(ref.wma(c.volume, 30)) },
  { kind: 'rsi', params: {}, expected: main(ref.rsi(c.close, 14)) },
  { kind: 'rsi', params: { period: 5, source: 'hlc3' }, expected: main(ref.rsi(hlc3, 5)) },
  { kind: 'macd', params: {}, expected: ref.macd(c.close, 12, 26, 9) },
  { kind: 'macd', params: { fast: 5, slow: 13, signal: 4, source: 'open' }, expected: ref.macd(c.open, 5, 13, 4) },
  { kind: 'macd', params: { fast: 26, slow: 12 }, expected: ref.macd(c.close, 12, 26, 9) },
  { kind: 'bollinger', params: {}, expected: ref.bollinger(c.close, 20, 2) },
  { kind: 'bollinger', params: { period: 10, stddev: 1.5, source: 'hlc3' }, expected: ref.bollinger(hlc3, 10, 1.5) },
  { kind: 'atr', params: {}, expected: main(ref.atr(c.high, c.low, c.close, 14)) },
  { kind: 'atr', params: { period: 5 }, expected: main(ref.atr(c.high, c.low, c.close, 5)) },
  { kind: 'true_range', params: {}, expected: main(ref.trueRange(c.high, c.low, c.close)) },
  { kind: 'donchian', params: { period: 20 }, expected: ref.donchian(c.high, c.low, 20) },
  { kind: 'highest', params: { period: 10 }, expected: main(ref.highest(c.high, 10)) },
  { kind: 'highest', params: { period: 7, source: 'close' }, expected: main(ref.highest(c.close, 7)) },
  { kind: 'lowest', params: { period: 10 }, expected: main(ref.lowest(c.low, 10)) },
  { kind: 'lowest', params: { period: 1, source: 'open' }, expected: main(ref.lowest(c.open, 1)) },
  { kind: 'stochastic', params: {}, expected: ref.stochastic(c.high, c.low, c.close, 14, 3) },
  { kind: 'stochastic', params: { period: 5, smooth: 1 }, expected: ref.stochastic(c.high, c.low, c.close, 5, 1) },
  { kind: 'adx', params: {}, expected: ref.adx(c.high, c.low, c.close, 14) },
  { kind: 'adx', params: { period: 5 }, expected: ref.adx(c.high, c.low, c.close, 5) },
  { kind: 'vwap', params: {}, expected: main(ref.vwap(c.time, hlc3, c.volume)) },
  { kind: 'vwap', params: { source: 'close' }, expected: main(ref.vwap(c.time, c.close, c.volume)) },
  { kind: 'obv', params: {}, expected: main(ref.obv(c.close, c.volume)) },
  { kind: 'roc', params: { period: 10 }, expected: main(ref.roc(c.close, 10)) },
  { kind: 'roc', params: { period: 1, source: 'volume' }, expected: main(ref.roc(c.volume, 1)) },
];

function kindOf(name: string): IndicatorKind {
  const kind = INDICATORS.get(name);
  if (kind === undefined) throw new Error(`no indicator ${name}`);
  return kind;
}

/** Each output's value after each bar of the fixture. */
function run(kind: IndicatorKind, params: Record<string, unknown>): Record<string, number[]> {
  const instance = kind.create(params, calendar);
  const series: Record<string, number[]> = Object.fromEntries(kind.outputs.map((output) => [output, []]));
  for (const bar of bars) {
    instance.update(bar);
    for (const output of kind.outputs) series[output]!.push(instance.value(output));
  }
  return series;
}

const label = (test: Case) => `${test.kind} ${JSON.stringify(test.params)}`;

describe('the catalog against the reference implementation', () => {
  it('when the cases are listed then every kind of the catalog has at least one', () => {
    expect(new Set(CASES.map((test) => test.kind))).toEqual(new Set(INDICATORS.keys()));
  });

  it.each(CASES.map((test) => [label(test), test] as const))('when %s runs over the fixture then every output matches within 1e-9', (_, test) => {
    const kind = kindOf(test.kind);
    const actual = run(kind, test.params);
    expect(Object.keys(test.expected).sort()).toEqual([...kind.outputs].sort());
    for (const output of kind.outputs) {
      const expected = test.expected[output]!;
      const got = actual[output]!;
      expect(got).toHaveLength(bars.length);
      expect(expected.filter((v) => !Number.isNaN(v)).length, `${output} has values to compare`).toBeGreaterThan(100);
      got.forEach((value, i) => {
        const want = expected[i]!;
        if (Number.isNaN(want) || Number.isNaN(value)) expect(value, `${output} at bar ${i}`).toBeNaN();
        else expect(Math.abs(value - want), `${output} at bar ${i}: ${value} vs ${want}`).toBeLessThanOrEqual(1e-9);
      });
    }
  });

  it.each(CASES.map((test) => [label(test), test] as const))('when %s is fed bar by bar then every output is first defined after exactly warmupBars bars', (_, test) => {
    const kind = kindOf(test.kind);
    const warmup = kind.warmupBars(test.params);
    const actual = run(kind, test.params);
    for (const output of kind.outputs) {
      const firstDefined = actual[output]!.findIndex((v) => !Number.isNaN(v));
      expect(firstDefined, output).toBe(warmup);
    }
  });
});

describe('each kind as the contract has it', () => {
  const kinds = [...INDICATORS.values()];

  it.each(kinds.map((kind) => [kind.name, kind] as const))('when %s is looked up then it is under its own name, with its main among its outputs', (name, kind) => {
    expect(kind.name).toBe(name);
    expect(name).toMatch(/^[a-z_]+$/);
    expect(kind.outputs).toContain(kind.main);
    expect(Object.isFrozen(kind)).toBe(true);
  });

  it.each(kinds.map((kind) => [kind.name, kind] as const))('when %s reads no output then it reads main, and an unknown output throws', (_, kind) => {
    const params = minimalParams(kind);
    const instance = kind.create(params, calendar);
    for (const bar of bars.slice(0, 100)) instance.update(bar);
    expect(instance.value()).toBe(instance.value(kind.main));
    expect(instance.value()).not.toBeNaN();
    expect(() => instance.value('nope')).toThrow(/expected an output of/);
  });
});

/** The params of a kind with only its required ones, each at a small valid value. */
function minimalParams(kind: IndicatorKind): Record<string, unknown> {
  const required = (kind.paramsSchema.required ?? []) as string[];
  return Object.fromEntries(required.map((name) => [name, 5]));
}

describe('params schemas', () => {
  const ajv = createAjv();
  const kinds = [...INDICATORS.values()];

  it.each(kinds.map((kind) => [kind.name, kind] as const))('when the %s schema compiles then it accepts its minimal params and rejects an unknown property', (_, kind) => {
    const validate = ajv.compile(kind.paramsSchema);
    expect(validate(minimalParams(kind)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...minimalParams(kind), peroid: 3 })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
  });

  it.each(kinds.map((kind) => [kind.name, kind] as const))('when the %s schema is read then every property is described and every optional one has a valid default', (_, kind) => {
    const schema = kind.paramsSchema as { additionalProperties?: unknown; required?: string[]; properties?: Record<string, Record<string, unknown>> };
    expect(schema.additionalProperties).toBe(false);
    const validate = ajv.compile(kind.paramsSchema);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      expect(property.description, name).toEqual(expect.any(String));
      if (schema.required?.includes(name) === true) continue;
      expect(property, name).toHaveProperty('default');
      expect(validate({ ...minimalParams(kind), [name]: property.default }), name).toBe(true);
    }
  });

  it('when a period is 0 or a fraction then the schema rejects it', () => {
    const validate = ajv.compile(kindOf('sma').paramsSchema);
    expect(validate({ period: 0 })).toBe(false);
    expect(validate({ period: 2.5 })).toBe(false);
    expect(validate({ period: 3, source: 'closing' })).toBe(false);
  });
});

describe('docs/indicators.md', () => {
  const page = readFileSync(new URL('../../../docs/indicators.md', import.meta.url), 'utf8');

  it.each([...INDICATORS.values()].map((kind) => [kind.name, kind] as const))('when %s is in the catalog then the table has its row with its outputs, main first', (name, kind) => {
    const row = page.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, name).toBeDefined();
    const outputs = row!.split('|')[3]!.trim();
    expect(outputs).toBe([kind.main, ...kind.outputs.filter((o) => o !== kind.main)].join(', '));
  });
});
