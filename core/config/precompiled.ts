/**
 * The validators `npm run schema` compiled ahead of time for Robo's own schemas, found by the schema's
 * exact JSON text: a schema that changed since (or any other schema) finds none and is compiled at run
 * time, so a stale generated file can cost time but never check against an old schema.
 */
import type { ValidateFunction } from 'ajv';
import { PRECOMPILED } from './validators.generated.js';

const byText = new Map<string, ValidateFunction>(PRECOMPILED);

export function precompiledValidator<T = unknown>(schema: object): ValidateFunction<T> | undefined {
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    return undefined; // not JSON (a cycle, a BigInt): ajv is the one to say what is wrong with it
  }
  return byText.get(text) as ValidateFunction<T> | undefined;
}
