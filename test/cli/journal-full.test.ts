/**
 * A journal that can no longer be written — a full disk, here a file-size limit on the process — stops
 * new orders and ends the session: summary printed, exit 1 with ROBO_ERR_JOURNAL_WRITE, never a run that
 * goes on trading on books it cannot keep. A real child process under `ulimit -f`.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROBO, collect, sampleConfig, startOutput, writeConfig } from '../support/cli.js';

describe('robo start when the journal cannot be written', () => {
  it('when the journal\'s files may not grow (a full disk) then the session ends with ROBO_ERR_JOURNAL_WRITE, exit 1, after its summary', async () => {
    // Arrange: a long run; the shell ignores SIGXFSZ, so a write past 256 KiB fails as on a full disk
    const data = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 20\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 100000 }';
    const file = writeConfig(sampleConfig({ data }));
    const child = spawn('sh', ['-c', `trap '' XFSZ; ulimit -f 256; exec "${process.execPath}" "${ROBO}" start "${file}"`], { stdio: ['ignore', 'pipe', 'pipe'] });

    // Act
    const result = await collect(child, 120_000);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ROBO_ERR_JOURNAL_WRITE');
    const { summary } = startOutput(result.stdout);
    expect(summary.broker).toBe('sim');
    expect(result.stdout).toMatch(/"code":"JOURNAL_FAILED"|the journal could not record/);
  });
});
