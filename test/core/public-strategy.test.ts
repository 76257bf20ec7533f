/**
 * `robo-trader/strategy`, the strategy SDK as an author imports it: defineStrategy refuses a malformed
 * kind when its module is imported, the types refuse it before that, and the strategy API version is a
 * semver version a kind's `robo` range is checked against.
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROBO_STRATEGY_API, bracket, dec, defineStrategy, type StrategyKind } from '../../core/public-strategy.js';

const schema = { type: 'object', additionalProperties: false, properties: {} } as const;

describe('the strategy SDK', () => {
  it('when a kind has the contract\'s shape then defineStrategy returns it frozen', () => {
    const kind = defineStrategy({ kind: 'noop', description: 'does nothing', robo: '^1.0.0', paramsSchema: schema, create: () => ({ onBar: () => undefined }) });

    expect(Object.isFrozen(kind)).toBe(true);
    expect(kind.robo).toBe('^1.0.0');
  });

  it('when a kind\'s robo is no semver range, or create is missing, then defineStrategy throws naming the field', () => {
    expect(() => defineStrategy({ kind: 'noop', description: 'x', robo: 'one', paramsSchema: schema, create: () => ({ onBar: () => undefined }) })).toThrow('defineStrategy: robo must be a semver range of the Robo strategy API like ^1.0.0, was "one"');
    // @ts-expect-error -- a kind without create does not compile
    expect(() => defineStrategy({ kind: 'noop', description: 'x', paramsSchema: schema })).toThrow('the kind has no create(context, params) function');
  });

  it('when the strategy API version is read then it is a semver version that ^1 accepts', () => {
    expect(semver.valid(ROBO_STRATEGY_API)).toBe(ROBO_STRATEGY_API);
    expect(semver.satisfies(ROBO_STRATEGY_API, '^1')).toBe(true);
  });

  it('when a bracket is written then its exits are prices only, and a kind\'s params type is what create receives', () => {
    const kind: StrategyKind<{ readonly n: number }> = defineStrategy<{ readonly n: number }>({
      kind: 'typed', description: 'x', paramsSchema: schema,
      create: (ctx, params) => ({ onBar: () => { void ctx.submit(bracket({ entry: { symbol: 'SPY', side: 'BUY', quantity: dec(String(params.n)), type: 'MKT' }, takeProfit: { limitPrice: dec('1') } })); } }),
    });

    // @ts-expect-error -- a bracket's take profit is a price, not an order with its own side
    bracket({ entry: { symbol: 'SPY', side: 'BUY', quantity: dec('1'), type: 'MKT' }, takeProfit: { side: 'SELL', limitPrice: dec('1') } });
    expect(kind.kind).toBe('typed');
  });
});
