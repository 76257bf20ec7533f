/** `--set PATH=VALUE`: the path's grammar and the value read as a YAML scalar. */
import { describe, expect, it } from 'vitest';
import { parseOverride } from '../../../core/config/overrides.js';
import { isRoboError } from '../../../core/domain/errors.js';
import { thrownBy } from '../../support/thrown.js';

describe('config overrides', () => {
  it('when a path has keys and indexes then each becomes a segment, and the value a number, a boolean or text', () => {
    expect(parseOverride('strategies[0].params.fast=10')).toEqual({ path: ['strategies', 0, 'params', 'fast'], value: 10, written: 'strategies[0].params.fast=10' });
    expect(parseOverride('shutdown.cancelOpenOrders=false').value).toBe(false);
    expect(parseOverride('safety.costs.plan=zero').value).toBe('zero');
  });

  it('when the argument has no = or a malformed path, or the value is a list then it is a usage error', () => {
    for (const bad of ['strategies', 'strategies..x=1', 'a[x]=1', '=1', 'a=[1, 2]', 'a={b: 1}']) {
      expect(isRoboError(thrownBy(() => parseOverride(bad)), 'ROBO_ERR_USAGE'), bad).toBe(true);
    }
  });
});
