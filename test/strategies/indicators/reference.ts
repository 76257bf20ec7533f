/**
 * THE REFERENCE the catalog is tested against: textbook implementations written straight from the TA-Lib
 * definitions in the reference doc ("Indicator conventions"), each a plain loop over whole arrays that returns
 * the whole output series (NaN where undefined).
 *
 * It is independent of strategies/indicators on purpose: it imports nothing from there, keeps no running
 * state, no ring buffers, no incremental sums or cached extremes — every window is summed or scanned afresh
 * at every index — and finds New York trade dates with Intl rather than with the exchange calendar. A bug in
 * the catalog's streaming machinery therefore cannot be repeated here.
 */

const nan = (length: number): number[] => new Array<number>(length).fill(Number.NaN);

function windowOf(xs: readonly number[], end: number, n: number): number[] {
  return xs.slice(end - n + 1, end + 1);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** SMA(n): the mean of the last n values. */
export function sma(xs: readonly number[], n: number): number[] {
  const out = nan(xs.length);
  for (let i = n - 1; i < xs.length; i++) out[i] = mean(windowOf(xs, i, n));
  return out;
}

/** EMA(n): α = 2/(n+1), seeded with the SMA of the first n values (first value at index n − 1). */
export function ema(xs: readonly number[], n: number): number[] {
  const out = nan(xs.length);
  if (xs.length < n) return out;
  const alpha = 2 / (n + 1);
  out[n - 1] = mean(xs.slice(0, n));
  for (let i = n; i < xs.length; i++) out[i] = alpha * xs[i]! + (1 - alpha) * out[i - 1]!;
  return out;
}

/** WMA(n): weights 1…n, newest heaviest. */
export function wma(xs: readonly number[], n: number): number[] {
  const out = nan(xs.length);
  for (let i = n - 1; i < xs.length; i++) {
    let weighted = 0;
    let weights = 0;
    windowOf(xs, i, n).forEach((x, j) => {
      weighted += (j + 1) * x;
      weights += j + 1;
    });
    out[i] = weighted / weights;
  }
  return out;
}

/** Wilder's RSI: first averages are plain means of the first n changes, then (prev × (n − 1) + current) / n. */
export function rsi(xs: readonly number[], n: number): number[] {
  const out = nan(xs.length);
  const gains = xs.map((x, i) => (i === 0 ? Number.NaN : Math.max(x - xs[i - 1]!, 0)));
  const losses = xs.map((x, i) => (i === 0 ? Number.NaN : Math.max(xs[i - 1]! - x, 0)));
  let avgGain = Number.NaN;
  let avgLoss = Number.NaN;
  for (let i = n; i < xs.length; i++) {
    if (i === n) {
      avgGain = mean(gains.slice(1, n + 1));
      avgLoss = mean(losses.slice(1, n + 1));
    } else {
      avgGain = (avgGain * (n - 1) + gains[i]!) / n;
      avgLoss = (avgLoss * (n - 1) + losses[i]!) / n;
    }
    out[i] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  return out;
}

/** True range from the second bar: max(h − l, |h − prevClose|, |l − prevClose|). */
export function trueRange(high: readonly number[], low: readonly number[], close: readonly number[]): number[] {
  return high.map((h, i) => (i === 0 ? Number.NaN : Math.max(h - low[i]!, Math.abs(h - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!))));
}

/** ATR(n): the mean of the first n true ranges (indexes 1…n), then Wilder's smoothing. */
export function atr(high: readonly number[], low: readonly number[], close: readonly number[], n: number): number[] {
  const tr = trueRange(high, low, close);
  const out = nan(tr.length);
  for (let i = n; i < tr.length; i++) out[i] = i === n ? mean(tr.slice(1, n + 1)) : (out[i - 1]! * (n - 1) + tr[i]!) / n;
  return out;
}

/** Bollinger(n, k): middle = SMA(n), σ the population standard deviation, bands middle ± kσ. */
export function bollinger(xs: readonly number[], n: number, k: number): Record<'middle' | 'upper' | 'lower' | 'width' | 'percent_b', number[]> {
  const out = { middle: nan(xs.length), upper: nan(xs.length), lower: nan(xs.length), width: nan(xs.length), percent_b: nan(xs.length) };
  for (let i = n - 1; i < xs.length; i++) {
    const window = windowOf(xs, i, n);
    const m = mean(window);
    const sigma = Math.sqrt(mean(window.map((x) => (x - m) ** 2)));
    out.middle[i] = m;
    out.upper[i] = m + k * sigma;
    out.lower[i] = m - k * sigma;
    out.width[i] = (out.upper[i]! - out.lower[i]!) / m;
    out.percent_b[i] = sigma === 0 ? Number.NaN : (xs[i]! - out.lower[i]!) / (out.upper[i]! - out.lower[i]!);
  }
  return out;
}

/**
 * MACD(f, s, g) as TA-Lib's TA_MACD outputs it: both EMAs start at index s − 1, each seeded with the SMA of
 * its own last n values there (so the fast one with the values s − f … s − 1); signal = EMA(g) of the line
 * from there; every output undefined before the signal's first value.
 */
export function macd(xs: readonly number[], f: number, s: number, g: number): Record<'macd' | 'signal' | 'histogram', number[]> {
  const slow = ema(xs, s);
  const fastFromLater = ema(xs.slice(s - f), f);
  const line = xs.map((_, i) => (i < s - 1 ? Number.NaN : fastFromLater[i - (s - f)]! - slow[i]!));
  const signalFromStart = ema(line.slice(s - 1), g);
  const out = { macd: nan(xs.length), signal: nan(xs.length), histogram: nan(xs.length) };
  for (let i = s + g - 2; i < xs.length; i++) {
    out.macd[i] = line[i]!;
    out.signal[i] = signalFromStart[i - (s - 1)]!;
    out.histogram[i] = out.macd[i]! - out.signal[i]!;
  }
  return out;
}

export function highest(xs: readonly number[], n: number): number[] {
  return xs.map((_, i) => (i < n - 1 ? Number.NaN : Math.max(...windowOf(xs, i, n))));
}

export function lowest(xs: readonly number[], n: number): number[] {
  return xs.map((_, i) => (i < n - 1 ? Number.NaN : Math.min(...windowOf(xs, i, n))));
}

/** Donchian(n): highest high and lowest low of the last n bars including the current one; middle halfway. */
export function donchian(high: readonly number[], low: readonly number[], n: number): Record<'middle' | 'upper' | 'lower', number[]> {
  const upper = highest(high, n);
  const lower = lowest(low, n);
  return { upper, lower, middle: upper.map((u, i) => (u + lower[i]!) / 2) };
}

/** Fast stochastic (TA-Lib STOCHF): %K raw (0 when the range is 0), %D = SMA(m) of %K; both from %D's first index. */
export function stochastic(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  n: number,
  m: number,
): Record<'k' | 'd', number[]> {
  const hh = highest(high, n);
  const ll = lowest(low, n);
  const k = close.map((c, i) => (i < n - 1 ? Number.NaN : hh[i] === ll[i] ? 0 : (100 * (c - ll[i]!)) / (hh[i]! - ll[i]!)));
  const d = nan(close.length);
  for (let i = n + m - 2; i < close.length; i++) d[i] = mean(windowOf(k, i, m));
  return { k: k.map((v, i) => (i < n + m - 2 ? Number.NaN : v)), d };
}

/**
 * ADX(n) as TA-Lib: +DM/−DM/TR from the second bar; Wilder sums seeded with the sum of indexes 1…n − 1, then
 * S[i] = S[i−1] − S[i−1]/n + v[i]; DI = 100 × S(DM) / S(TR) from index n; DX = 100 × |+DI − −DI| / (+DI + −DI);
 * ADX at 2n − 1 = the mean of DX over n…2n − 1 (an undefined DX counting 0), then Wilder's average of DX
 * (an undefined DX leaving it unchanged). All three outputs from index 2n − 1.
 */
export function adx(high: readonly number[], low: readonly number[], close: readonly number[], n: number): Record<'adx' | 'plus_di' | 'minus_di', number[]> {
  const length = high.length;
  const plusDm = nan(length);
  const minusDm = nan(length);
  const tr = trueRange(high, low, close);
  for (let i = 1; i < length; i++) {
    const up = high[i]! - high[i - 1]!;
    const down = low[i - 1]! - low[i]!;
    plusDm[i] = up > 0 && up > down ? up : 0;
    minusDm[i] = down > 0 && down > up ? down : 0;
  }
  const wilderSum = (v: number[]): number[] => {
    const s = nan(length);
    let acc = 0;
    for (let i = 1; i < n; i++) acc += v[i]!;
    for (let i = n; i < length; i++) {
      acc = acc - acc / n + v[i]!;
      s[i] = acc;
    }
    return s;
  };
  const sPlus = wilderSum(plusDm);
  const sMinus = wilderSum(minusDm);
  const sTr = wilderSum(tr);
  const plusDi = sPlus.map((p, i) => (sTr[i] === 0 ? 0 : (100 * p) / sTr[i]!));
  const minusDi = sMinus.map((p, i) => (sTr[i] === 0 ? 0 : (100 * p) / sTr[i]!));
  const dx = plusDi.map((p, i) => (p + minusDi[i]! === 0 ? Number.NaN : (100 * Math.abs(p - minusDi[i]!)) / (p + minusDi[i]!)));
  const out = { adx: nan(length), plus_di: nan(length), minus_di: nan(length) };
  for (let i = 2 * n - 1; i < length; i++) {
    if (i === 2 * n - 1) out.adx[i] = dx.slice(n, 2 * n).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) / n;
    else out.adx[i] = Number.isNaN(dx[i]!) ? out.adx[i - 1]! : (out.adx[i - 1]! * (n - 1) + dx[i]!) / n;
    out.plus_di[i] = plusDi[i]!;
    out.minus_di[i] = minusDi[i]!;
  }
  return out;
}

const newYorkDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Session VWAP: Σ(typical × volume) / Σ volume since the first bar of the bar's New York date. */
export function vwap(time: readonly number[], typical: readonly number[], volume: readonly number[]): number[] {
  const dates = time.map((t) => newYorkDate.format(t));
  return typical.map((_, i) => {
    let start = i;
    while (start > 0 && dates[start - 1] === dates[i]) start--;
    let pv = 0;
    let v = 0;
    for (let j = start; j <= i; j++) {
      pv += typical[j]! * volume[j]!;
      v += volume[j]!;
    }
    return pv / v;
  });
}

/** OBV: the first bar's volume, then ± each bar's volume as its close is above or below the previous close. */
export function obv(close: readonly number[], volume: readonly number[]): number[] {
  const out: number[] = [];
  close.forEach((c, i) => {
    const previous = i === 0 ? volume[0]! : out[i - 1]!;
    out.push(i === 0 ? previous : c > close[i - 1]! ? previous + volume[i]! : c < close[i - 1]! ? previous - volume[i]! : previous);
  });
  return out;
}

/** ROC(n) = 100 × (x / x[n] − 1). */
export function roc(xs: readonly number[], n: number): number[] {
  return xs.map((x, i) => (i < n ? Number.NaN : 100 * (x / xs[i - n]! - 1)));
}
