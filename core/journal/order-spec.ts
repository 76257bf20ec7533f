/**
 * An order's details beyond a DAY market or limit order — its stop, its trail, its time in force, its
 * links to a bracket or an OCA group — as one JSON text column of the order's row, with every amount a
 * decimal string. A plain order writes none (null), so the common row stays as small as it was; a spec
 * that does not read back as a legal one fails loudly, like any other row the journal cannot trust.
 */
import type { Decimal } from '../domain/money.js';
import type { BracketLeg, OcaMembership, OrderIntent, Trail } from '../domain/types.js';
import { decodeDecimal, encodeDecimal } from './codec.js';

interface SpecJson {
  stop?: string;
  trailAmount?: string;
  trailPercent?: string;
  initialStop?: string;
  tif?: string;
  outsideRth?: boolean;
  oca?: { group: string; type: number };
  bracket?: { id: string; role: string };
  parent?: number;
}

/** The details of `intent` as JSON, or null when it has none (a DAY market or limit order, regular hours). */
export function encodeOrderSpec(intent: OrderIntent, parentId?: number): string | null {
  const spec: SpecJson = {};
  if (parentId !== undefined) spec.parent = parentId;
  if (intent.type === 'STP' || intent.type === 'STP LMT') spec.stop = encodeDecimal(intent.stopPrice);
  if (intent.type === 'TRAIL') {
    if ('amount' in intent.trail) spec.trailAmount = encodeDecimal(intent.trail.amount);
    else spec.trailPercent = encodeDecimal(intent.trail.percent);
    if (intent.initialStop !== undefined) spec.initialStop = encodeDecimal(intent.initialStop);
  }
  if (intent.tif !== undefined && intent.tif !== 'DAY') spec.tif = intent.tif;
  if (intent.outsideRth === true) spec.outsideRth = true;
  if (intent.oca !== undefined) spec.oca = { group: intent.oca.group, type: intent.oca.type };
  if (intent.bracket !== undefined) spec.bracket = { id: intent.bracket.id, role: intent.bracket.role };
  return Object.keys(spec).length === 0 ? null : JSON.stringify(spec);
}

/** What a row's spec adds to the intent, checked field by field; `where` names the order in errors. */
export interface DecodedSpec {
  readonly stopPrice?: Decimal;
  readonly trail?: Trail;
  readonly initialStop?: Decimal;
  readonly tif?: 'GTC' | 'IOC' | 'OPG';
  readonly outsideRth?: true;
  readonly oca?: OcaMembership;
  readonly bracket?: BracketLeg;
  readonly parentId?: number;
}

export function decodeOrderSpec(text: string | null, where: string): DecodedSpec {
  if (text === null) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${where} has details that are not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} has details that are not an object`);
  const spec = raw as Record<string, unknown>;
  const known = new Set(['stop', 'trailAmount', 'trailPercent', 'initialStop', 'tif', 'outsideRth', 'oca', 'bracket', 'parent']);
  const unknown = Object.keys(spec).find((key) => !known.has(key));
  if (unknown !== undefined) throw new Error(`${where} has an unknown detail ${JSON.stringify(unknown)}; it may have been written by a newer Robo`);
  const decimal = (key: string): Decimal | undefined => {
    const value = spec[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new Error(`${where} has a ${key} that is not a decimal string`);
    return decodeDecimal(value, `the ${key} of ${where}`);
  };
  const out: { -readonly [K in keyof DecodedSpec]: DecodedSpec[K] } = {};
  const stop = decimal('stop');
  if (stop !== undefined) out.stopPrice = stop;
  const amount = decimal('trailAmount');
  const percent = decimal('trailPercent');
  if (amount !== undefined) out.trail = { amount };
  else if (percent !== undefined) out.trail = { percent };
  const initialStop = decimal('initialStop');
  if (initialStop !== undefined) out.initialStop = initialStop;
  if (spec.tif !== undefined) {
    if (spec.tif !== 'GTC' && spec.tif !== 'IOC' && spec.tif !== 'OPG') throw new Error(`${where} has time in force ${JSON.stringify(spec.tif)}`);
    out.tif = spec.tif;
  }
  if (spec.outsideRth !== undefined) {
    if (spec.outsideRth !== true) throw new Error(`${where} has outsideRth ${JSON.stringify(spec.outsideRth)}`);
    out.outsideRth = true;
  }
  if (spec.oca !== undefined) {
    const oca = spec.oca as { group?: unknown; type?: unknown };
    if (typeof oca.group !== 'string' || (oca.type !== 1 && oca.type !== 2 && oca.type !== 3)) throw new Error(`${where} has an OCA group that does not read back`);
    out.oca = { group: oca.group, type: oca.type };
  }
  if (spec.bracket !== undefined) {
    const bracket = spec.bracket as { id?: unknown; role?: unknown };
    if (typeof bracket.id !== 'string' || (bracket.role !== 'entry' && bracket.role !== 'take-profit' && bracket.role !== 'stop-loss')) throw new Error(`${where} has a bracket link that does not read back`);
    out.bracket = { id: bracket.id, role: bracket.role };
  }
  if (spec.parent !== undefined) {
    if (typeof spec.parent !== 'number' || !Number.isSafeInteger(spec.parent) || spec.parent < 1) throw new Error(`${where} has a parent order id that does not read back`);
    out.parentId = spec.parent;
  }
  return out;
}

/** A modify's changes to a trailing stop, as the JSON text of its journal event; null when it changes none. */
export function encodeTrailChanges(changes: { readonly trail?: Trail; readonly initialStop?: Decimal }): string | null {
  const spec: SpecJson = {};
  if (changes.trail !== undefined) {
    if ('amount' in changes.trail) spec.trailAmount = encodeDecimal(changes.trail.amount);
    else spec.trailPercent = encodeDecimal(changes.trail.percent);
  }
  if (changes.initialStop !== undefined) spec.initialStop = encodeDecimal(changes.initialStop);
  return Object.keys(spec).length === 0 ? null : JSON.stringify(spec);
}
