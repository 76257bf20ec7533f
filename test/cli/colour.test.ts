/**
 * Colour on a terminal follows the convention every CLI shares (no-color.org): NO_COLOR set and not
 * empty turns it off, FORCE_COLOR turns it on. A real pseudo-terminal (util-linux `script`) and a real
 * child process: pretty, coloured logs only appear on a terminal.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROBO, sampleConfig, writeConfig } from '../support/cli.js';

const ESCAPE = '\u001b[';

/** `robo validate`'s sibling that logs: a short robo backtest would print to stdout; robo start logs on the terminal. */
function startOnTerminal(env: Record<string, string>): string {
  const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 100000 }' }));
  const command = `${process.execPath} ${ROBO} start ${file}`;
  return execFileSync('script', ['-qec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm', ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('colour on a terminal', () => {
  it('when robo start logs to a terminal then its log lines are coloured', () => {
    expect(startOnTerminal({ NO_COLOR: '' })).toContain(ESCAPE);
  });

  it('when NO_COLOR is set then nothing it writes to the terminal is coloured', () => {
    const out = startOnTerminal({ NO_COLOR: '1' });
    expect(out).toContain('first bar processed');
    expect(out).not.toContain(ESCAPE);
  });

  it('when FORCE_COLOR is 0 then nothing it writes to the terminal is coloured', () => {
    const out = startOnTerminal({ NO_COLOR: '', FORCE_COLOR: '0' });
    expect(out).toContain('first bar processed');
    expect(out).not.toContain(ESCAPE);
  });

  it.each([['TERM is dumb', { TERM: 'dumb' }], ['NODE_DISABLE_COLORS is set', { NODE_DISABLE_COLORS: '1' }]])('when %s then nothing it writes to the terminal is coloured, as in Node itself', (_name, env) => {
    const out = startOnTerminal({ NO_COLOR: '', ...env });
    expect(out).toContain('first bar processed');
    expect(out).not.toContain(ESCAPE);
  });

  it('when FORCE_COLOR is set to a level then it wins over NO_COLOR, as in Node itself', () => {
    expect(startOnTerminal({ NO_COLOR: '1', FORCE_COLOR: '1' })).toContain(ESCAPE);
  });
});
