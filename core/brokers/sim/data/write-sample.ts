/**
 * Writes the bundled sample data/SPY-2026-03-02.csv from the generator, so the sample's provenance
 * is code and a test can prove the file still matches it byte for byte.
 * Run from the repository root: npm run build && node dist/core/brokers/sim/data/write-sample.js
 */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import type { BarSource } from './bar-source.js';
import { CSV_HEADER } from './csv-format.js';
import { generatedBarSource, type GeneratedBarSourceOptions } from './generated.js';

const ZONE = 'America/New_York';
const at = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

export const SAMPLE_PATH = 'data/SPY-2026-03-02.csv';

export const SAMPLE_OPTIONS: GeneratedBarSourceOptions = {
  symbols: ['SPY'],
  // Regular XNYS sessions, 09:30-16:00 America/New_York (UTC-5 in early March).
  sessions: [
    { openMs: at('2026-03-02T09:30:00-05:00'), closeMs: at('2026-03-02T16:00:00-05:00') },
    { openMs: at('2026-03-03T09:30:00-05:00'), closeMs: at('2026-03-03T16:00:00-05:00') },
  ],
  barSeconds: 60,
  seed: 20260302,
  startPrice: 680,
};

const SAMPLE_COMMENTS = [
  `Synthetic 1-minute SPY bars from Robo's generatedBarSource (seed ${SAMPLE_OPTIONS.seed}); NOT real market data.`,
  'Regenerate with: npm run build && node dist/core/brokers/sim/data/write-sample.js',
];

/** A source as CSV lines, each ending in \n, times written in `zone` with their offset. */
export async function* csvLines(source: BarSource, zone: string, comments: readonly string[] = []): AsyncGenerator<string> {
  for (const comment of comments) yield `# ${comment}\n`;
  yield `${CSV_HEADER}\n`;
  for await (const bar of source.bars()) {
    const time = DateTime.fromMillis(bar.time, { zone }).toISO({ suppressMilliseconds: true });
    // String() writes the shortest text that reads back as the same number, so a round trip is exact.
    yield `${String(time)},${bar.symbol},${String(bar.open)},${String(bar.high)},${String(bar.low)},${String(bar.close)},${String(bar.volume)}\n`;
  }
}

export function sampleLines(): AsyncGenerator<string> {
  return csvLines(generatedBarSource(SAMPLE_OPTIONS), ZONE, SAMPLE_COMMENTS);
}

export async function writeSample(path: string = SAMPLE_PATH): Promise<void> {
  await pipeline(Readable.from(sampleLines()), createWriteStream(path));
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  await writeSample();
}
