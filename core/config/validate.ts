/**
 * Checks substituted config data against the config schema and, through `extensions.ts`, against the
 * schemas of the installed strategy kinds and plugins; returns every problem, never the first only.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { explainAjvErrors } from './explain.js';
import { checkExtensions } from './extensions.js';
import type { ExtensionSchemas } from './extensions.js';
import type { Locator } from './locate.js';
import { precompiledValidator } from './precompiled.js';
import type { ConfigProblem } from './problem.js';
import { configSchema } from './schema.js';
import type { RoboConfigInput } from './schema.js';

export interface ValidateContext extends ExtensionSchemas {
  readonly locator: Locator;
  readonly secrets: ReadonlyMap<string, readonly string[]>;
}

export interface Validation {
  readonly problems: readonly ConfigProblem[];
  /** Present only when the base schema accepted the data; extension problems may still exist. */
  readonly config?: RoboConfigInput;
}

let configValidator: ValidateFunction<RoboConfigInput> | undefined;

export function validateConfig(data: unknown, ctx: ValidateContext): Validation {
  configValidator ??= precompiledValidator<RoboConfigInput>(configSchema) ?? createAjv().compile<RoboConfigInput>(configSchema);
  const valid = configValidator(data);
  const problems = valid ? [] : explainAjvErrors(configValidator.errors ?? [], { schema: configSchema, data, prefix: [], locator: ctx.locator, secrets: ctx.secrets });
  problems.push(...checkExtensions(data, ctx));
  return valid ? { problems, config: data } : { problems };
}
