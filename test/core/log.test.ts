/**
 * Specifies the buffered logger a replay uses: lines gather and are written in blocks, and none is
 * lost when the process ends — by running out of work or by process.exit — in a real child process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

function linesLoggedBy(ending: string): string[] {
  const script = [
    `const { createLogger, flushBufferedLogs } = await import(${JSON.stringify(join(ROOT, 'dist/core/log.js'))});`,
    "const log = createLogger({ level: 'info', fd: 1, pretty: false, buffered: true });",
    'for (let i = 0; i < 500; i++) log.info({ i }, `line ${i}`);',
    ending,
  ].join('\n');
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n');
}

describe('the buffered logger', () => {
  it('when the process runs out of work then every line was written, in order', () => {
    // Act
    const lines = linesLoggedBy('');

    // Assert
    expect(lines).toHaveLength(500);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('when the process calls process.exit then the lines still in the buffer are written first', () => {
    // Act
    const lines = linesLoggedBy('process.exit(0);');

    // Assert
    expect(lines).toHaveLength(500);
    expect(lines.at(-1)).toContain('"msg":"line 499"');
  });

  it('when the buffered lines are flushed before something else is written to the same stream then they come first', () => {
    // Act: what robo backtest does before its error message
    const lines = linesLoggedBy("flushBufferedLogs(); process.stdout.write('error: after the lines\\n');");

    // Assert
    expect(lines).toHaveLength(501);
    expect(lines.at(-2)).toContain('"msg":"line 499"');
    expect(lines.at(-1)).toBe('error: after the lines');
  });
});
