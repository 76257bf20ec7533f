/**
 * Every indicator a rule may name, by its YAML key. Computed here, over plain numbers, with the TA-Lib
 * conventions of docs/indicators.md; which file computes which is listed there.
 */
import { adx } from './adx.js';
import { atr, trueRange } from './atr.js';
import { bollinger } from './bollinger.js';
import { donchian, highest, lowest } from './channels.js';
import type { IndicatorKind } from './contract.js';
import { macd } from './macd.js';
import { obv, roc } from './momentum.js';
import { ema, sma, wma } from './moving-averages.js';
import { rsi } from './rsi.js';
import { stochastic } from './stochastic.js';
import { vwap } from './vwap.js';

// In the order of docs/indicators.md. A kind's params are checked against its own schema before create() sees
// them (the language's job), which is what lets each kind's narrower params type stand as a record here.
const KINDS: readonly IndicatorKind[] = [sma, ema, wma, rsi, macd, bollinger, atr, trueRange, donchian, highest, lowest, stochastic, adx, vwap, obv, roc];

export const INDICATORS: ReadonlyMap<string, IndicatorKind> = new Map(KINDS.map((kind) => [kind.name, kind]));
