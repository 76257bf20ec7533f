/** Specification of "did you mean": close typos and abbreviations are matched, unrelated words are not. */
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../core/config/problem.js';
import { suggest } from '../../../core/config/suggest.js';

describe('suggest', () => {
  it('when the word is an abbreviation then the full key is suggested', () => {
    expect(suggest('qty', ['quantity'])).toBe('quantity');
  });

  it('when the word has a small typo then the closest key is suggested', () => {
    expect(suggest('latencyMS', ['latencyMs', 'seed', 'kind'])).toBe('latencyMs');
    expect(suggest('ma-crosover', ['ma-crossover', 'buy-and-hold'])).toBe('ma-crossover');
  });

  it('when the word starts like a key then that key is suggested', () => {
    expect(suggest('strategy', ['strategies', 'safety'])).toBe('strategies');
  });

  it('when nothing is close then nothing is suggested', () => {
    expect(suggest('id', ['kind', 'symbols'])).toBeUndefined();
    expect(suggest('banana', ['quantity'])).toBeUndefined();
  });
});

describe('formatPath', () => {
  it('when given keys and indexes then it writes them as in JavaScript, with (root) for the root', () => {
    expect(formatPath(['strategies', 1, 'sizing', 'quantity'])).toBe('strategies[1].sizing.quantity');
    expect(formatPath(['plugins', 0, 'options', 'a key'])).toBe('plugins[0].options["a key"]');
    expect(formatPath([])).toBe('(root)');
  });
});
