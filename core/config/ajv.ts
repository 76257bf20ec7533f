/**
 * The one way Robo builds a JSON Schema validator for config: no type coercion, no defaults written
 * into the data, no `$data` (a ReDoS path), no `removeAdditional` (a typo'd key must be an error, not
 * silently dropped so that a default takes over).
 */
import { Ajv } from 'ajv';

export function createAjv(): Ajv {
  return new Ajv({ strict: true, allErrors: true, coerceTypes: false, useDefaults: false, discriminator: true });
}
