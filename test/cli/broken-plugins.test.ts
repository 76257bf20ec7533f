/**
 * Third-party plugins that break in ways no well-made plugin does — an export that throws as it is read,
 * a throw of something that is not an Error and cannot even be turned into text — are the plugin's fault,
 * reported under its name and code like any other; never ROBO_ERR_INTERNAL, never a stack trace, never
 * the end of a run that would have gone on past an ordinary error. Real child processes.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';
import { installPackages, pluginSource } from '../support/plugin-packages.js';

/** A config on generated data that loads robo-plugin-odd from `source`. */
function withOddPlugin(source: string): string {
  const file = writeConfig(`${sampleConfig()}plugins:\n  - package: robo-plugin-odd\n`);
  installPackages(file, { 'robo-plugin-odd': { source } });
  return file;
}

function expectCodedError(result: CliResult, code: string, exit: number): void {
  expect(result.stderr.startsWith('robo: '), result.stderr).toBe(true);
  expect(result.stderr).toContain('robo-plugin-odd');
  expect(result.stderr).toContain(`  ${code}: `);
  expect(result.stderr).not.toContain('ROBO_ERR_INTERNAL');
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.code, result.stderr).toBe(exit);
}

/** Thrown values that are not Errors with a message: no prototype, so no way to text; a message that throws when read. */
const TEXTLESS = {
  'an object with no prototype': 'Object.create(null)',
  'an Error whose message throws when read': "Object.defineProperty(new Error('x'), 'message', { get() { throw new Error('not now'); } })",
};

describe('a plugin whose export throws as it is read', () => {
  it.each([
    ['a meta getter that throws', "export default { get meta() { throw new Error('no meta today'); }, create() { return { apply() {} }; } };\n"],
    ['a proxy that throws on every read', "export default new Proxy({}, { get() { throw new Error('trap'); } });\n"],
  ])('when the default export has %s then robo validate refuses it as an invalid plugin with exit 2', async (_name, source) => {
    // Act
    const result = await runRobo(['validate', withOddPlugin(source)], { timeoutMs: 20_000 });

    // Assert
    expectCodedError(result, 'ROBO_ERR_PLUGIN_INVALID', 2);
  });
});

describe('a plugin that throws a value with no text', () => {
  it.each(Object.entries(TEXTLESS))('when apply throws %s then robo validate names the plugin with ROBO_ERR_PLUGIN_FAILED', async (_name, thrown) => {
    // Arrange
    const file = withOddPlugin(pluginSource('robo-plugin-odd', `return { apply() { throw ${thrown}; } };`));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectCodedError(result, 'ROBO_ERR_PLUGIN_FAILED', 1);
  });

  it.each(Object.entries(TEXTLESS))('when an onBar tap throws %s then the backtest goes on past it, as past any error, and exits 0', async (_name, thrown) => {
    // Arrange
    const file = withOddPlugin(pluginSource('robo-plugin-odd', `return { apply(api) { api.hooks.onBar.tap('robo-plugin-odd', () => { throw ${thrown}; }); } };`));

    // Act
    const result = await runRobo(['backtest', file, '--json'], { timeoutMs: 60_000 });

    // Assert
    expect(result.stderr).toContain('[plugin robo-plugin-odd] failed in hooks.onBar');
    expect(result.stderr).not.toContain('ROBO_ERR_INTERNAL');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ end: 'end-of-data' });
  });
});

describe('a plugin whose words are too many or wrong', () => {
  it('when apply throws an error with a 5 MB message then robo validate quotes the start of it and says how long it was', async () => {
    // Arrange
    const file = withOddPlugin(pluginSource('robo-plugin-odd', "return { apply() { throw new Error('x'.repeat(5_000_000)); } };"));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectCodedError(result, 'ROBO_ERR_PLUGIN_FAILED', 1);
    expect(result.stderr.length).toBeLessThan(5_000);
    expect(result.stderr).toContain('(5000000 characters)');
  });

  it('when an onBar tap throws a 5 MB message then each log line of it stays short and the backtest goes on', async () => {
    // Arrange
    const file = withOddPlugin(pluginSource('robo-plugin-odd', "return { apply(api) { api.hooks.onBar.tap('robo-plugin-odd', () => { throw new Error('y'.repeat(5_000_000)); }); } };"));

    // Act
    const result = await runRobo(['backtest', file, '--json'], { timeoutMs: 60_000 });

    // Assert
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    expect(Math.max(...result.stderr.split('\n').map((line) => line.length))).toBeLessThan(5_000);
  });

  it('when create returns an object without apply then the error says "an object", in words', async () => {
    // Arrange
    const file = withOddPlugin("export default { meta: { name: 'robo-plugin-odd', version: '1.0.0', robo: '^1.0.0' }, create() { return { start() {} }; } };\n");

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expect(result.stderr).toContain('create(options) must return { apply(api) }, returned an object');
  });
});
