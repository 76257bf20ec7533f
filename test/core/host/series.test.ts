/**
 * Specifies the direct calls of hooks: a gate's taps run in tapable's order and the first veto stops
 * them, with a promise only when a tap returned one — the same answers as `hook.promise`.
 */
import { AsyncSeriesBailHook } from 'tapable';
import { describe, expect, it } from 'vitest';
import type { Veto } from '../../../core/domain/types.js';
import { callBail } from '../../../core/host/series.js';

const VETO: Veto = { by: 'b', reason: 'no' };

function gate(): { hook: AsyncSeriesBailHook<[string], Veto | undefined>; calls: string[] } {
  return { hook: new AsyncSeriesBailHook<[string], Veto | undefined>(['arg'], 'gate'), calls: [] };
}

describe('callBail', () => {
  it('when every tap allows at once then nothing is a promise and every tap ran, in stage order', async () => {
    const { hook, calls } = gate();
    hook.tap({ name: 'late', stage: 10 }, (arg) => { calls.push(`late ${arg}`); return undefined; });
    hook.tap({ name: 'early', stage: -10 }, (arg) => { calls.push(`early ${arg}`); return undefined; });

    const result = callBail(hook, 'x');

    expect(result).toBeUndefined();
    expect(calls).toEqual(['early x', 'late x']);
    expect(await hook.promise('y')).toBeUndefined();
  });

  it('when a tap vetoes then the taps after it never run, whether the veto came at once or from a promise', async () => {
    const now = gate();
    now.hook.tap('a', () => VETO);
    now.hook.tap('b', () => { now.calls.push('b'); return undefined; });
    const later = gate();
    later.hook.tapPromise('a', async () => { later.calls.push('a'); return undefined; });
    later.hook.tapPromise('b', async () => VETO);
    later.hook.tap('c', () => { later.calls.push('c'); return undefined; });

    expect(callBail(now.hook, 'x')).toBe(VETO);
    const pending = callBail(later.hook, 'x');
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(VETO);

    expect(now.calls).toEqual([]);
    expect(later.calls).toEqual(['a']);
    expect(await later.hook.promise('x')).toBe(VETO);
  });
});
