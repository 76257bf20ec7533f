/** `robo start` on the simulated broker loads only what that run uses (docs/performance.md, startup). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROBO, ROOT, collect, sampleConfig, writeConfig } from '../support/cli.js';

/** Preloaded into the child: at exit, writes the CommonJS modules it loaded (ESM imports of CommonJS included). */
const RECORD_MODULES = [
  "import { createRequire } from 'node:module';",
  "import { writeFileSync } from 'node:fs';",
  "const cache = createRequire(process.cwd() + '/').cache;",
  "process.on('exit', () => writeFileSync(process.env.ROBO_TEST_MODULES, Object.keys(cache).join('\\n')));",
].join('\n');

describe('robo start, what it loads', () => {
  it('when a simulated config runs then neither ajv\'s compiler, semver, pino-pretty nor @stoqey/ib is loaded', async () => {
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace:\n    barsPerSecond: 5000' }));
    const record = join(dirname(file), 'modules.txt');

    const result = await collect(spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(RECORD_MODULES)}`, ROBO, 'start', file], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ROBO_TEST_MODULES: record },
      stdio: ['ignore', 'pipe', 'pipe'],
    }), 60_000);

    expect(result.code).toBe(0);
    const loaded = readFileSync(record, 'utf8');
    expect(loaded).toContain(join('node_modules', 'yaml')); // the record works: the config's parser is in it
    expect(['ajv/dist/ajv.js', 'semver', 'pino-pretty', join('@stoqey', 'ib')].filter((name) => loaded.includes(join('node_modules', name)))).toEqual([]);
  });
});
