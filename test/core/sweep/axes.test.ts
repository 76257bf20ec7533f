/** A sweep's axes: ranges stepped in exact decimals, lists, single values, and the grid they make. */
import { describe, expect, it } from 'vitest';
import { combinationsOf, parseAxis, MAX_COMBINATIONS } from '../../../core/sweep/axes.js';
import { isRoboError } from '../../../core/domain/errors.js';
import { thrownBy as thrown } from '../../support/thrown.js';

describe('sweep axes', () => {
  it('when a range steps by 0.1 then it has exactly three values, both ends included', () => {
    expect(parseAxis('safety.x=0.1..0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
  });

  it('when a range is 5..20:5 then it is 5, 10, 15, 20; a step past the end stops before it', () => {
    expect(parseAxis('strategies[0].params.fast=5..20:5').values).toEqual([5, 10, 15, 20]);
    expect(parseAxis('a=1..10:4').values).toEqual([1, 5, 9]);
  });

  it('when values are a list or one value then they are read as YAML scalars', () => {
    const axis = parseAxis('safety.costs.plan=ibkr-fixed,zero');
    expect(axis.values).toEqual(['ibkr-fixed', 'zero']);
    expect(axis.path).toEqual(['safety', 'costs', 'plan']);
    expect(parseAxis('a.b=true').values).toEqual([true]);
  });

  it('when a range is backwards or its step is 0 then it is a usage error', () => {
    expect(isRoboError(thrown(() => parseAxis('a=5..1:1')), 'ROBO_ERR_USAGE')).toBe(true);
    expect(isRoboError(thrown(() => parseAxis('a=1..5:0')), 'ROBO_ERR_USAGE')).toBe(true);
  });

  it('when two axes are swept then every combination comes once, the first axis varying slowest', () => {
    const combinations = combinationsOf([parseAxis('f=1,2'), parseAxis('s=10,20,30')]);

    expect(combinations.map((c) => c.values)).toEqual([
      { f: 1, s: 10 }, { f: 1, s: 20 }, { f: 1, s: 30 }, { f: 2, s: 10 }, { f: 2, s: 20 }, { f: 2, s: 30 },
    ]);
    expect(combinations[4]!.overrides.map((o) => o.written)).toEqual(['f=2', 's=20']);
  });

  it(`when the grid is larger than ${MAX_COMBINATIONS} combinations then it is refused before any is built`, () => {
    const error = thrown(() => combinationsOf([parseAxis('a=1..200'), parseAxis('b=1..51')]));

    expect(isRoboError(error, 'ROBO_ERR_USAGE')).toBe(true);
  });
});
