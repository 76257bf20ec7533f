/** `robo init` as a user runs it: a project of their own in a new folder, and never a file overwritten. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { ROBO, collect, runRobo, type CliResult } from '../support/cli.js';

describe('robo init', () => {
  it('when given a new folder then it makes package.json, robo.config.yaml, .gitignore and a README there, and the config validates', async () => {
    // Arrange
    const dir = join(mkdtempSync(join(tmpdir(), 'robo-init-')), 'My Robo');

    // Act
    const result = await runRobo(['init', dir]);
    const validated = await runRobo(['validate', join(dir, 'robo.config.yaml')]);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('npx robo start robo.config.yaml');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private: boolean; dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest).toMatchObject({ name: 'my-robo', private: true, scripts: { start: 'robo start robo.config.yaml' } });
    expect(manifest.dependencies['robo-trader']).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.robo\/$/m);
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).not.toContain('editor schema');
  });

  it('when the folder already holds one of its files then it refuses with exit 2, naming it, and writes nothing', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'robo-init-'));
    writeFileSync(join(dir, 'robo.config.yaml'), 'mine\n');

    // Act
    const result = await runRobo(['init', dir]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^robo: .* already has robo\.config\.yaml; robo init never overwrites a file/);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(readFileSync(join(dir, 'robo.config.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
  });

  it('when run with no folder then it fills the current one', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'robo-init-'));
    mkdirSync(join(dir, 'here'));

    // Act
    const result = await runRobo(['init'], { cwd: join(dir, 'here') });

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dir, 'here', 'robo.config.yaml'))).toBe(true);
    expect(result.stdout).not.toContain('  cd ');
  });

  it.each([
    ['under /proc', () => '/proc/robo-init-project', '/proc holds the kernel'],
    ['through a file', (dir: string) => { writeFileSync(join(dir, 'plain'), 'x'); return join(dir, 'plain', 'project'); }, 'it is a file, not a folder'],
    ['an existing file', (dir: string) => { writeFileSync(join(dir, 'plain'), 'x'); return join(dir, 'plain'); }, 'it is a file, not a folder'],
  ])('when the folder is %s then it refuses it with exit 2 at once, saying why', async (_, pathIn, why) => {
    // Arrange
    const target = pathIn(mkdtempSync(join(tmpdir(), 'robo-init-')));

    // Act
    const result = await runRobo(['init', target], { timeoutMs: 20_000 });

    // Assert
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^robo: /);
    expect(result.stderr).toContain(why);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
  });
});

describe('robo init into a folder that cannot hold a project', () => {
  /** One Robo error for the folder given on the command line: exit 2, the usage code, no stack trace. */
  function expectRefused(result: CliResult, why: string): void {
    expect(result.stderr.startsWith('robo: '), result.stderr).toBe(true);
    expect(result.stderr.split('\n')[0]).toContain(why);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.code, result.stderr).toBe(2);
  }

  it.each([
    ['a file', (dir: string) => join(dir, 'plain')],
    ['a folder inside a file', (dir: string) => join(dir, 'plain', 'project')],
  ])('when the folder given is %s then it refuses with exit 2, saying a file stands there', async (_name, target) => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'robo-init-'));
    writeFileSync(join(dir, 'plain'), 'mine\n');

    // Act
    const result = await runRobo(['init', target(dir)], { timeoutMs: 20_000 });

    // Assert
    expectRefused(result, 'is a file, not a folder');
    expect(readFileSync(join(dir, 'plain'), 'utf8')).toBe('mine\n');
  });

  it.each([['/proc'], ['/sys'], ['/dev']])('when the folder given is under %s then it refuses at once with exit 2 and makes nothing there', async (tree) => {
    // Arrange: should it be made after all, it is not left among the kernel's files
    const target = `${tree}/robo-init-refused`;
    onTestFinished(() => rmSync(target, { recursive: true, force: true }));

    // Act
    const result = await runRobo(['init', target], { timeoutMs: 10_000 });

    // Assert
    expectRefused(result, `${tree} holds the kernel's files and devices`);
    expect(existsSync(target)).toBe(false);
  });

  it('when one of its files is a link to nowhere then it refuses with exit 2, naming it, as for any file already there', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'robo-init-'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'README.md'));

    // Act
    const result = await runRobo(['init', dir], { timeoutMs: 20_000 });

    // Assert
    expectRefused(result, 'already has README.md');
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
  });

  it('when the disk refuses a write half-way then it says so in words, exit 2, and takes back the files it made, so it can simply be run again', async () => {
    // Arrange: files may grow to 2 KiB here, so package.json is written and robo.config.yaml is not.
    const dir = join(mkdtempSync(join(tmpdir(), 'robo-init-')), 'my-robo');
    const command = `trap '' XFSZ; ulimit -f 4; exec "${process.execPath}" "${ROBO}" init "${dir}"`;

    // Act
    const result = await collect(spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] }), 20_000);
    const again = await runRobo(['init', dir], { timeoutMs: 20_000 });

    // Assert
    expectRefused(result, 'cannot write robo.config.yaml');
    expect(result.stderr).toContain('the file is too large for this system');
    expect(again.code, again.stderr).toBe(0);
  });
});
