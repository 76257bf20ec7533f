/** `robo validate` as a user runs it: a child process, exit codes, and errors that point at the YAML. */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

const NO_STACK = /\n\s+at /;

describe('robo validate', () => {
  it('when the example config is valid then it exits 0 and says so', async () => {
    const result = await runRobo(['validate', 'robo.config.yaml']);

    // stderr holds nothing but coverage warnings (test/cli/coverage.test.ts says which, for today's date).
    expect(result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('robo: warning: ') && !line.startsWith('  -> '))).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('robo.config.yaml: valid');
  });

  const broken: readonly [string, string, RegExp][] = [
    ['a YAML syntax error', sampleConfig().replace('startingCash: 100000', 'startingCash: [100000'), /robo\.config\.yaml:\d+:\d+ /],
    ['an unknown key', sampleConfig().replace('quantity: 100', 'qty: 100'), /robo\.config\.yaml:\d+:\d+ strategies\[0\]\.sizing\.qty .*did you mean "quantity"/],
    ['a wrong type', sampleConfig().replace('days: 2', 'days: two'), /robo\.config\.yaml:\d+:\d+ data\.days /],
    ['a duplicate key', sampleConfig().replace('account:\n', 'account:\n  startingCash: 5\n'), /robo\.config\.yaml:\d+:\d+ .*(duplicate|unique)/i],
    ['a missing environment variable', sampleConfig().replace('startingCash: 100000', 'startingCash: 100000\n  id: ${ROBO_TEST_SURELY_UNSET}'), /robo\.config\.yaml:\d+:\d+ account\.id .*ROBO_TEST_SURELY_UNSET/],
    ['an alias bomb', `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n`, /robo\.config\.yaml:\d+:\d+ /],
    ['an empty file', '', /robo\.config\.yaml:1:1 /],
    ['fast not below slow', sampleConfig().replace('fast: 5, slow: 20', 'fast: 30, slow: 20'), /:\d+:\d+ strategies\[\d\]\.params\.fast fast \(30\) must be smaller than slow \(20\)/],
  ];

  for (const [what, text, expected] of broken) {
    it(`when the config has ${what} then it exits 2 with a located error and no stack trace`, async () => {
      const file = writeConfig(text);

      const result = await runRobo(['validate', file]);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.stdout).toBe('');
    });
  }

  it('when the config file does not exist then it exits 2 and names the path', async () => {
    const result = await runRobo(['validate', 'no/such/robo.config.yaml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no/such/robo.config.yaml');
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_NOT_FOUND');
  });

  it('when a secret is set but another variable is missing then the error never prints the secret', async () => {
    const file = writeConfig(sampleConfig().replace('startingCash: 100000', 'startingCash: 100000\n  id: ${ROBO_TEST_SECRET}\n  mode: ${ROBO_TEST_SURELY_UNSET}'));

    const result = await runRobo(['validate', file], { env: { ROBO_TEST_SECRET: 'DU-super-secret-42' } });

    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).not.toContain('super-secret');
  });

  it('when the command line is wrong then it exits 2', async () => {
    const result = await runRobo(['frobnicate']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/i);
  });
});
