/** The README and its manual are where people look: the error table, the hook table and the set-up commands must match the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../core/domain/errors.js';
import { createHooks } from '../core/host/hooks.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const errorsPage = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const pluginsPage = readFileSync(new URL('../docs/plugins.md', import.meta.url), 'utf8');

describe('README', () => {
  it('when an error code exists then the error table of docs/errors.md has its row, word for word', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(errorsPage).toContain(`| \`${code}\` | ${entry.meaning} | ${entry.fix} |`);
    }
  });

  it('when a hook exists then the hook table of docs/plugins.md documents it', () => {
    for (const name of Object.keys(createHooks())) expect(pluginsPage).toMatch(new RegExp(`\\| \`${name}\\(`));
  });

  it('when a newcomer reads it then it gives the two set-up commands that CI and users run', () => {
    expect(readme).toContain('npm ci && npm start ');
    expect(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start).toBe('node dist/core/cli/main.js start robo.config.yaml');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toContain('npm ci && npm test');
  });
});
