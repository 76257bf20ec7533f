/**
 * The progress bar as a person sees it: in a real terminal (tmux) a long backtest draws a bar with an ETA
 * and its log lines come after it, whole; piped, there is no bar and --json stays one JSON object.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROBO, runRobo, sampleConfig, writeConfig } from '../support/cli.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// About 300 sessions of minute bars: long enough for the bar to be seen, a few seconds in all.
const LONG = sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2024-01-02"\n  days: 300\n  barSeconds: 60\n  seed: 42' });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('progress bar', () => {
  it.skipIf(!hasTmux)('when a long backtest runs in a terminal then a bar with an ETA is drawn, then the logs and the summary, unbroken', async () => {
    const file = writeConfig(`${LONG}log:\n  level: warn\n`);
    const session = `robo-progress-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30', `${process.execPath} ${ROBO} backtest ${file}; echo EXIT=$?; sleep 60`);
    try {
      const seen: string[] = [];
      for (let i = 0; i < 300 && !seen.some((pane) => pane.includes('EXIT=')); i++) {
        seen.push(tmux('capture-pane', '-p', '-t', session));
        await sleep(50);
      }

      const bars = seen.filter((pane) => /backtest \[[█░]+\] \d+% \| \d+\/300 days \| ETA \d+s \| 2024-\d\d-\d\d/.test(pane));
      expect(bars.length).toBeGreaterThan(0);
      // The whole scrollback once it ended: the bar is gone, the summary starts a line of its own.
      const all = tmux('capture-pane', '-p', '-S', '-', '-t', session);
      expect(all).toContain('EXIT=0');
      expect(all).toMatch(/^Run summary \(sim broker, end of data\)$/m);
      expect(all).not.toMatch(/ETA/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });

  it('when stderr is a pipe then no bar is drawn and --json is exactly one JSON object', async () => {
    const result = await runRobo(['backtest', writeConfig(LONG), '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/ETA|█|░/);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect((JSON.parse(result.stdout) as { bars: number }).bars).toBeGreaterThan(100_000);
  });
});
