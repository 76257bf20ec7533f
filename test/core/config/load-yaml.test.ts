/** Specification of how the loader refuses broken or hostile YAML: one coded error, with line, column and path. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, loadFailure } from './fixtures.js';

describe('loadConfig on bad YAML', () => {
  it('when the YAML has a syntax error then it reports the line where the parser stopped', async () => {
    const file = fixture('syntax-error.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toContain(`${file}:7:1 data YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  });

  it('when a key appears twice in one mapping then the second one is reported', async () => {
    const file = fixture('duplicate-key.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toEqual([`${file}:7:3 broker.seed duplicate key "seed": a key may appear only once in a mapping`]);
  });

  it('when keys repeat inside a list of mappings and in a mapping of thousands then each repeat is reported at its own path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'robo-config-'));
    const file = join(dir, 'robo.config.yaml');
    const many = Array.from({ length: 5000 }, (_, i) => `  k${i % 2500}: 1`).join('\n');
    await writeFile(file, `strategies:\n  - id: a\n    id: b\naccount:\n${many}\n`);

    const error = await loadFailure(file);
    await rm(dir, { recursive: true, force: true });

    expect(error.message).toBe(`2501 errors in ${file}`);
    expect(error.details[0]).toBe(`${file}:3:5 strategies[0].id duplicate key "id": a key may appear only once in a mapping`);
    expect(error.details[1]).toBe(`${file}:2505:3 account.k0 duplicate key "k0": a key may appear only once in a mapping`);
  });

  it('when aliases nest nine levels of nine then it fails fast at the alias that blows up', async () => {
    const file = fixture('alias-bomb.yaml');
    const started = performance.now();

    const error = await loadFailure(file);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toContain(`${file}:6:8 d[0] alias *c makes the document expand too much`);
  });

  it('when a mapping has a __proto__ key then the key is refused at its line', async () => {
    const file = fixture('proto-key.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toEqual([`${file}:15:7 strategies[0].params.__proto__ key "__proto__" is not allowed: it could change the prototype of JavaScript objects`]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('when values carry explicit tags then each tag is refused, known or not', async () => {
    const file = fixture('explicit-tag.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split(' explicit tag ')[0])).toEqual([
      `${file}:3:17 account.startingCash`,
      `${file}:15:21 strategies[0].params.fast`,
      `${file}:15:37 strategies[0].params.slow`,
    ]);
  });

  it('when the file holds only comments then it is refused at line 1', async () => {
    const file = fixture('empty.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toEqual([`${file}:1:1 (root) the file is empty; it needs at least version, account, broker, data and strategies`]);
  });

  it('when the file does not exist then the error names the path', async () => {
    const file = fixture('does-not-exist.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_NOT_FOUND');
    expect(error.message).toBe(`config file ${file} does not exist`);
  });
});

describe('loadConfig on files that are not a config at all', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('when the file is larger than 1 MiB then it is refused without being parsed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'robo-config-'));
    const file = join(dir, 'robo.config.yaml');
    await writeFile(file, `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`);

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details[0]).toContain(`${file}:1:1 (root) the file is larger than 1048576 bytes`);
  });

  it('when the path is a folder then it is reported as not found', async () => {
    dir = await mkdtemp(join(tmpdir(), 'robo-config-'));

    const error = await loadFailure(dir);

    expect(error.code).toBe('ROBO_ERR_CONFIG_NOT_FOUND');
  });
});
