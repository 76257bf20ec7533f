import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../../core/domain/types.js';
import { csvBarSource } from '../../../../../core/brokers/sim/data/csv.js';
import { generatedBarSource } from '../../../../../core/brokers/sim/data/generated.js';
import { SAMPLE_OPTIONS, SAMPLE_PATH, sampleLines } from '../../../../../core/brokers/sim/data/write-sample.js';

const samplePath = fileURLToPath(new URL(`../../../../../${SAMPLE_PATH}`, import.meta.url));

describe('the bundled sample data/SPY-2026-03-02.csv', () => {
  it('when the generator writes the sample again then it matches the bundled file byte for byte', async () => {
    // Arrange: this pins the generator's output, so a change on any machine or Node version shows up here.
    const bundled = await readFile(samplePath, 'utf8');

    // Act
    let written = '';
    for await (const line of sampleLines()) written += line;

    // Assert
    expect(written).toBe(bundled);
  });

  it('when read with csvBarSource then it holds two regular sessions of SPY minute bars from the generator', async () => {
    // Act
    const read: Bar[] = [];
    for await (const bar of csvBarSource(samplePath, { barSeconds: 60 }).bars()) read.push(bar);

    // Assert
    const generated: Bar[] = [];
    for await (const bar of generatedBarSource(SAMPLE_OPTIONS).bars()) generated.push(bar);
    expect(read).toEqual(generated);
    expect(read).toHaveLength(2 * 390);
    expect(read[0]?.time).toBe(Date.parse('2026-03-02T14:30:00Z'));
    expect(read.at(-1)?.time).toBe(Date.parse('2026-03-03T20:59:00Z'));
  });
});
