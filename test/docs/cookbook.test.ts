/**
 * The cookbook of docs/strategies.md keeps its promise: every strategy marked `<!-- example: cookbook … -->`
 * is a complete entry of `strategies:` that `robo validate` accepts and that trades — put into a config with
 * the simulated broker and 30 days of generated one-minute bars of SPY and QQQ (enough for the slowest
 * warm-up on the page), `robo backtest --json` runs it to the end of the data and fills at least one order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runRobo, writeConfig, type SummaryJson } from '../support/cli.js';

const PAGE = 'docs/strategies.md';
const MARKER = /^<!-- example: cookbook \(.*\) -->$/;

interface Recipe {
  readonly line: number;
  readonly id: string;
  readonly text: string;
}

/** Every ```yaml block right after a cookbook marker, with its strategy's id. */
function recipes(): Recipe[] {
  const lines = readFileSync(join(ROOT, PAGE), 'utf8').split('\n');
  const found: Recipe[] = [];
  lines.forEach((line, i) => {
    if (!MARKER.test(line.trim()) || lines[i + 1]?.trim() !== '```yaml') return;
    const end = lines.findIndex((l, j) => j > i + 1 && l.trim() === '```');
    const text = lines.slice(i + 2, end).join('\n');
    const entries = (parse(text) as { strategies?: { id?: string }[] }).strategies ?? [];
    found.push({ line: i + 2, id: entries[0]?.id ?? `(no id at ${PAGE}:${i + 2})`, text });
  });
  return found;
}

function configOf(recipe: Recipe): string {
  const config = {
    version: 1,
    account: { startingCash: 100000 },
    broker: { kind: 'sim', latencyMs: 0 },
    data: { source: 'generated', symbols: ['SPY', 'QQQ'], start: '2026-03-02', days: 30, barSeconds: 60, seed: 42 },
    ...(parse(recipe.text) as object),
  };
  return writeConfig(stringify(config));
}

const RECIPES = recipes();

describe(`the cookbook of ${PAGE}`, () => {
  it('when the page is read then it has at least ten strategies, each with its own id', () => {
    expect(RECIPES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(RECIPES.map((r) => r.id)).size).toBe(RECIPES.length);
  });

  it.each(RECIPES.map((recipe) => [recipe.id, recipe] as const))('when %s is backtested on 30 days of generated bars then it validates and fills orders', async (_, recipe) => {
    // Arrange
    const config = configOf(recipe);

    // Act
    const validated = await runRobo(['validate', config], { timeoutMs: 30_000 });
    const backtest = await runRobo(['backtest', config, '--json'], { timeoutMs: 30_000 });

    // Assert
    const where = `${PAGE}:${recipe.line}`;
    expect(validated.stderr, where).toBe('');
    expect(validated.code, where).toBe(0);
    expect(backtest.code, `${where}\n${backtest.stderr}`).toBe(0);
    const summary = JSON.parse(backtest.stdout) as SummaryJson;
    expect(summary.end, where).toBe('end-of-data');
    expect(summary.fills, where).toBeGreaterThan(0);
  });
});
