/**
 * Rewrites ajv's errors as problems a strategy author can act on: full-word messages, the line of
 * the offending key or value, the property's description, and never a value taken from the environment.
 */
import type { ErrorObject } from 'ajv';
import { CALENDAR_DATE_PATTERN, notACalendarDate } from './calendar-date.js';
import type { Locator } from './locate.js';
import { formatPath, pathKey } from './problem.js';
import type { ConfigProblem, YamlPath } from './problem.js';
import { pointerToPath, recordField, schemaAt, schemaField, stringField, valueAt } from './pointer.js';
import { suggest } from './suggest.js';

export interface ExplainContext {
  /** The schema the errors were produced with, to read descriptions and allowed values from. */
  readonly schema: unknown;
  /** The data that was validated; `instancePath` is relative to it. */
  readonly data: unknown;
  /** Where `data` sits in the config file. */
  readonly prefix: YamlPath;
  readonly locator: Locator;
  readonly secrets: ReadonlyMap<string, readonly string[]>;
}

/** Keywords that only say "some branch failed"; the branch's own errors say what is wrong. */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'if']);

export function explainAjvErrors(errors: readonly ErrorObject[], ctx: ExplainContext): ConfigProblem[] {
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const kept = errors.filter((error) => {
    if (error.keyword !== 'type' && typeErrorAt.has(error.instancePath)) return false;
    if (!SUMMARY_KEYWORDS.has(error.keyword)) return true;
    return !errors.some((other) => other !== error && !SUMMARY_KEYWORDS.has(other.keyword) && isWithin(other.instancePath, error.instancePath));
  });
  return kept.map((error) => explainOne(error, ctx));
}

function explainOne(error: ErrorObject, ctx: ExplainContext): ConfigProblem {
  const relative = pointerToPath(error.instancePath, ctx.data);
  const path: YamlPath = [...ctx.prefix, ...relative];
  const value = valueAt(ctx.data, relative);
  const schema = schemaAt(ctx.schema, error.schemaPath);
  const description = stringField(schema, 'description');
  const params: Readonly<Record<string, unknown>> = error.params;
  const shown = (v: unknown, at: YamlPath = path): string => {
    const names = ctx.secrets.get(pathKey(at));
    return names ? `the value of environment variable ${names.join(', ')} (not shown)` : show(v);
  };
  const atValue = (message: string, hint = description, at: YamlPath = path): ConfigProblem => ({
    ...ctx.locator.value(at),
    path: at,
    message,
    ...(hint === undefined ? {} : { hint }),
    source: 'config',
  });

  switch (error.keyword) {
    case 'type': {
      const expected = [params['type']].flat().map(String).join(' or ');
      const fromEnv = ctx.secrets.has(pathKey(path)) ? ' (a value from an environment variable is always a string)' : '';
      return atValue(`expected ${expected}, was ${typeName(value)}${fromEnv}`);
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const at = [...path, missing];
      // The key is absent, so its parent mapping is the closest place in the file.
      return { ...ctx.locator.value(path), path: at, message: 'is required but missing', ...hintOf(propertyDescription(schema, missing)), source: 'config' };
    }
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(recordField(schema, 'properties') ?? {});
      const guess = suggest(key, allowed);
      const at = [...path, key];
      const message =
        guess !== undefined
          ? `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(guess)}?`
          : allowed.length === 0
            ? `unknown key ${JSON.stringify(key)}; no keys are allowed here yet`
            : `unknown key ${JSON.stringify(key)}; allowed keys are ${allowed.join(', ')}`;
      return { ...ctx.locator.key(at), path: at, message, ...hintOf(guess === undefined ? undefined : propertyDescription(schema, guess)), source: 'config' };
    }
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      return atValue(`must be one of ${allowed.map(show).join(', ')}; was ${shown(value)}${didYouMean(value, allowed, ctx.secrets.has(pathKey(path)))}`);
    }
    case 'const':
      return atValue(`must be ${show(params['allowedValue'])}, was ${shown(value)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return atValue(`must be ${String(params['comparison'])} ${String(params['limit'])}, was ${shown(value)}`);
    case 'multipleOf':
      return atValue(`must be a multiple of ${String(params['multipleOf'])}, was ${shown(value)}`);
    case 'pattern':
      // A date is one rule, said in words; the pattern that checks it is far too long to read.
      if (params['pattern'] === CALENDAR_DATE_PATTERN) return atValue(notACalendarDate(shown(value)));
      return atValue(`must match the pattern ${String(params['pattern'])}, was ${shown(value)}`);
    case 'minLength':
      return atValue(`must be at least ${count(params['limit'], 'character')} long`);
    case 'maxLength':
      return atValue(`must be at most ${count(params['limit'], 'character')} long`);
    case 'minItems':
      return atValue(`must have at least ${count(params['limit'], 'item')}, has ${Array.isArray(value) ? value.length : 0}`);
    case 'maxItems':
      return atValue(`must have at most ${count(params['limit'], 'item')}, has ${Array.isArray(value) ? value.length : 0}`);
    case 'uniqueItems': {
      const later = Math.max(Number(params['i']), Number(params['j']));
      const earlier = Math.min(Number(params['i']), Number(params['j']));
      const itemDescription = stringField(recordField(schema, 'items'), 'description');
      return atValue(`repeats ${formatPath([...path, earlier])}; each item must be different`, itemDescription ?? description, [...path, later]);
    }
    case 'discriminator': {
      const tag = String(params['tag']);
      const at = [...path, tag];
      const allowed = tagValues(schema, tag);
      if (params['error'] === 'mapping') {
        const tagValue = params['tagValue'];
        const secret = ctx.secrets.has(pathKey(at));
        return atValue(`must be one of ${allowed.map(show).join(', ')}; was ${shown(tagValue, at)}${didYouMean(tagValue, allowed, secret)}`, description, at);
      }
      if (params['tagValue'] === undefined) {
        return { ...ctx.locator.value(path), path: at, message: `is required but missing: one of ${allowed.map(show).join(', ')}`, ...hintOf(description), source: 'config' };
      }
      return atValue(`expected string, was ${typeName(params['tagValue'])}`, description, at);
    }
    case 'false schema':
      return atValue('is not allowed here');
    default:
      return atValue((error.message ?? `fails the ${error.keyword} rule`).replace(/must NOT/g, 'must not'));
  }
}

function hintOf(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}

function didYouMean(value: unknown, allowed: readonly unknown[], secret: boolean): string {
  if (secret || typeof value !== 'string') return '';
  const guess = suggest(value, allowed.filter((a): a is string => typeof a === 'string'));
  return guess === undefined ? '' : `; did you mean ${JSON.stringify(guess)}?`;
}

/** The tag values that select a branch of a discriminated `oneOf`. */
function tagValues(schema: unknown, tag: string): unknown[] {
  const branches = schemaField(schema, 'oneOf');
  if (!Array.isArray(branches)) return [];
  return branches.flatMap((branch: unknown) => {
    const property = recordField(recordField(branch, 'properties'), tag);
    if (property && 'const' in property) return [property['const']];
    const values = property?.['enum'];
    return Array.isArray(values) ? (values as unknown[]) : [];
  });
}

function propertyDescription(schema: unknown, key: string): string | undefined {
  return stringField(recordField(recordField(schema, 'properties'), key), 'description');
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function count(limit: unknown, noun: string): string {
  const n = Number(limit);
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The JSON Schema type name of a value, in full words. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'not-a-number (.nan)';
    if (!Number.isFinite(value)) return 'infinity (.inf)';
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value === 'object' ? 'object' : typeof value;
}

/** A short, printable rendering of a value from the file (never of one from the environment). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  return `an ${typeName(value)}`;
}
