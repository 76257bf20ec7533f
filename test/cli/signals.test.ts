/**
 * Signals end `robo start` the normal way — cancels, summary, journal closed and unlocked — whichever
 * signal it is and however early it comes. Real child processes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, sampleConfig, spawnRobo, startOutput, writeConfig } from '../support/cli.js';
import { installPackages, pluginSource } from '../support/plugin-packages.js';

const SLOW = sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 2\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 5 }' });

function lockOf(file: string): string {
  return file.replace('robo.config.yaml', '.robo/journal.sqlite.lock');
}

describe('robo start and signals', () => {
  it('when the terminal closes (SIGHUP) then it stops as on SIGTERM: summary printed, exit 0, the journal unlocked', async () => {
    // Arrange
    const file = writeConfig(SLOW);
    const child = spawnRobo(['start', file]);
    const done = collect(child, 60_000);
    let out = '';
    await new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); if (out.includes('first bar processed')) resolve(); }));

    // Act
    child.kill('SIGHUP');
    const result = await done;

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.stdout).toContain('"msg":"received SIGHUP, stopping"');
    expect(startOutput(result.stdout).summary).toMatchObject({ broker: 'sim', end: 'stopped' });
    expect(existsSync(lockOf(file))).toBe(false);
  });

  it('when SIGTERM comes while it is still starting (loading its plugins) then it still ends the normal way: exit 0, no order, nothing left locked', async () => {
    // Arrange: a plugin whose module takes 2 s to load, and says when it begins
    const file = writeConfig(SLOW + 'plugins:\n  - package: robo-plugin-slow\n');
    const marker = join(dirname(file), 'loading');
    installPackages(file, { 'robo-plugin-slow': { source: `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nawait new Promise((resolve) => setTimeout(resolve, 2000));\n${pluginSource('robo-plugin-slow', 'return { apply() {} };')}` } });
    const child = spawnRobo(['start', file]);
    const done = collect(child, 60_000);

    // Act
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGTERM');
    const result = await done;

    // Assert
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('"msg":"received SIGTERM, stopping"');
    expect(result.stdout).not.toContain('"msg":"order ');
    expect(existsSync(lockOf(file))).toBe(false);
  });
});
