/**
 * A reader that goes away (`robo start … | head -1`): Robo stops the run the normal way, as on SIGTERM —
 * it cannot be watched any more — and ends quietly, with no stack trace. A real child process whose
 * stdout pipe is closed after the first line.
 */
import { describe, expect, it } from 'vitest';
import { collect, sampleConfig, spawnRobo, writeConfig } from '../support/cli.js';

describe('robo start with its stdout closed by the reader', () => {
  it('when the reader of stdout goes away after the first line then the session stops the normal way and exits 0 without a stack trace', async () => {
    // Arrange: a run long enough to still be trading when the reader leaves
    const data = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 5\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 500 }';
    const file = writeConfig(sampleConfig({ data }));
    const child = spawnRobo(['start', file]);
    const done = collect(child, 60_000);

    // Act: read one chunk, then close the pipe as `head -1` does
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.stdout?.destroy();
    const result = await done;

    // Assert
    expect(result.signal).toBeNull();
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('    at ');
    expect(result.code).toBe(0);
  });
});
