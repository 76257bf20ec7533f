import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../../../../core/brokers/sim/data/iso-time.js';

/** What luxon makes of a time, the reference: epoch milliseconds, or undefined when it refuses it. */
function luxon(text: string): number | undefined {
  try {
    const parsed = DateTime.fromISO(text, { setZone: true });
    return parsed.isValid ? parsed.toMillis() : undefined;
  } catch {
    return undefined;
  }
}

/** The fast reader on the text's bytes, as it reads them from a bar file. */
const parse = (text: string): number | undefined => parseIsoInstant(Buffer.from(text), 0, Buffer.byteLength(text));

// Zones with DST, with half- and quarter-hour offsets, with a half-hour DST shift, and west of UTC by more than 12 hours' worth of history.
const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
const OFFSET_FORMATS = ['ZZ', 'ZZZ', 'hour-only', 'Z-for-utc'] as const;

/** A time as a bar file writes it: local wall time in `zone` with that instant's offset, in one of the offset spellings. */
function written(ms: number, zone: string, seconds: boolean, offsetFormat: (typeof OFFSET_FORMATS)[number]): string {
  const local = DateTime.fromMillis(ms, { zone });
  const wall = local.toFormat(seconds ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm");
  const offset = local.offset;
  if (offsetFormat === 'Z-for-utc' && offset === 0) return `${wall}Z`;
  if (offsetFormat === 'hour-only' && offset % 60 === 0) return `${wall}${local.toFormat('ZZ').slice(0, 3)}`;
  return `${wall}${local.toFormat(offsetFormat === 'ZZZ' ? 'ZZZ' : 'ZZ')}`;
}

/** Instants around every New York, London and Lord Howe DST change from 2020 to 2030, every 5 minutes from 2 hours before to 3 after. */
function dstEdges(): number[] {
  const edges: number[] = [];
  for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe']) {
    const offset = (ms: number): number => DateTime.fromMillis(ms, { zone }).offset;
    for (let day = Date.UTC(2020, 0, 1); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
      if (offset(day) === offset(day + 86_400_000)) continue;
      for (let ms = day; ms < day + 86_400_000; ms += 3_600_000) {
        if (offset(ms) !== offset(ms + 3_600_000)) for (let m = -120; m <= 180; m += 5) edges.push(ms + m * 60_000);
      }
    }
  }
  return edges;
}

describe('parseIsoInstant', () => {
  it('when a time is written with its offset in any zone then it reads the instant luxon reads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => ms - (ms % 1000)),
        fc.constantFrom(...ZONES),
        fc.boolean(),
        fc.constantFrom(...OFFSET_FORMATS),
        (ms, zone, seconds, offsetFormat) => {
          const text = written(seconds ? ms : ms - (ms % 60_000), zone, seconds, offsetFormat);
          expect(parse(text), text).toBe(luxon(text));
          expect(parse(text), text).toBeDefined();
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('when a time falls in the hours around a DST change then it reads the instant luxon reads', () => {
    for (const ms of dstEdges()) {
      for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe']) {
        const text = written(ms, zone, true, 'ZZ');
        expect(parse(text), text).toBe(ms);
        expect(luxon(text), text).toBe(ms);
      }
    }
  });

  it('when the text is anything else then it either reads what luxon reads or leaves the text to luxon', () => {
    const alphabet = fc.constantFrom(...'0123456789-+:TZtz. W'.split(''));
    const nearValid = fc.tuple(fc.constantFrom('2026-03-02T09:30:00-05:00', '2024-02-29T23:59:59Z', '1999-12-31T00:00+0530', '2026-11-01T01:30:00-04'), fc.nat(24), alphabet, fc.boolean())
      .map(([text, at, char, insert]) => (insert ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + char + text.slice(at + 1)));
    fc.assert(
      fc.property(fc.oneof(nearValid, fc.string({ unit: alphabet, minLength: 15, maxLength: 27 })), (text) => {
        const fast = parse(text);
        if (fast !== undefined) expect(fast, text).toBe(luxon(text));
      }),
      { numRuns: 50_000 },
    );
  });

  it.each([
    ['hour 24, which luxon reads as the next midnight', '2026-03-02T24:00:00Z'],
    ['a fraction of a second', '2026-03-02T09:30:00.5-05:00'],
    ['a lower-case t', '2026-03-02t09:30:00-05:00'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['the 30th of February', '2026-02-30T09:30:00-05:00'],
    ['no offset', '2026-03-02T09:30:00'],
    ['the basic format', '20260302T093000-0500'],
  ])('when the time has %s then it is left to luxon', (_, text) => {
    expect(parse(text)).toBeUndefined();
  });

  it('when the time sits inside a longer line then only its own characters are read', () => {
    const line = Buffer.from('2026-03-02T09:30:00-05:00,SPY,1,1,1,1,1');
    expect(parseIsoInstant(line, 0, 25)).toBe(Date.UTC(2026, 2, 2, 14, 30));
    expect(parseIsoInstant(line, 0, 26)).toBeUndefined();
  });
});
