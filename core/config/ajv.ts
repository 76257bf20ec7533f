/**
 * The one way Robo builds a JSON Schema validator for config: no type coercion, no defaults written
 * into the data, no `$data` (a ReDoS path), no `removeAdditional` (a typo'd key must be an error, not
 * silently dropped so that a default takes over).
 */
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

export const AJV_OPTIONS = { strict: true, allErrors: true, coerceTypes: false, useDefaults: false, discriminator: true } as const satisfies Options;

// Robo's own schemas come precompiled (precompiled.ts), so a plain `robo start` never needs ajv: it is
// required on first use only — a plugin's options schema, a stale precompiled validator — which keeps
// loading it (and compiling its meta-schema) out of startup while callers stay synchronous.
const require = createRequire(import.meta.url);

/** `extra` adds code-generation options only (`npm run schema`); the checking options above are fixed. */
export function createAjv(extra: Pick<Options, 'code'> = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  return new AjvClass({ ...AJV_OPTIONS, ...extra });
}
