/** Shared arrangements for the config loader tests: fixture paths, a fake strategy kind, and failure capture. */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../core/config/load.js';
import type { LoadOptions } from '../../../core/config/load.js';
import { RoboError } from '../../../core/domain/errors.js';

export const STRATEGY_KINDS: LoadOptions['strategyKinds'] = new Map([
  [
    'ma-crossover',
    {
      paramsSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['fast', 'slow'],
        properties: {
          fast: { type: 'integer', minimum: 1, description: 'fast period' },
          slow: { type: 'integer', minimum: 2, description: 'slow period' },
        },
      },
    },
  ],
]);

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/configs/${name}`, import.meta.url));
}

/** Loads a fixture that must fail and hands back the RoboError (any other outcome fails the test). */
export async function loadFailure(file: string, options: Partial<LoadOptions> = {}): Promise<RoboError> {
  const outcome: unknown = await loadConfig(file, { strategyKinds: STRATEGY_KINDS, env: {}, ...options }).then(
    (loaded) => new Error(`expected ${file} to be refused, but it loaded: ${JSON.stringify(loaded.config)}`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof RoboError)) throw outcome;
  return outcome;
}
