/** Specifies timeframes: the values a strategy may write, their lengths, the schema, and which feed bar lengths can build them. */
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { isRoboError } from '../../../core/domain/errors.js';
import {
  TIMEFRAMES,
  TIMEFRAME_SCHEMA,
  compatible,
  isTimeframe,
  parseTimeframe,
  timeframeSeconds,
  type Timeframe,
} from '../../../core/market/timeframe.js';
import { thrownBy } from '../../support/thrown.js';

/** Every bar length a feed can be configured with (data.barSeconds of the generated, csv and broker sources). */
const FEED_BAR_SECONDS = [1, 5, 10, 15, 30, 60, 300, 900, 3600];

describe('parseTimeframe', () => {
  it.each(TIMEFRAMES.map((timeframe) => [timeframe]))('when the YAML says %s then it is that timeframe', (written) => {
    // Act
    const timeframe = parseTimeframe(written);

    // Assert
    expect(timeframe).toBe(written);
    expect(isTimeframe(written)).toBe(true);
  });

  it.each([
    ['60m', ' (did you mean 1h?)'],
    ['5M', ' (did you mean 5m?)'],
    ['1D', ' (did you mean 1d?)'],
    ['300s', ' (did you mean 5m?)'],
    ['7m', ''],
    ['1w', ''],
    ['', ''],
  ])('when the YAML says %j then it is refused as a config error naming the timeframes%s', (written, hint) => {
    // Act
    const error = thrownBy(() => parseTimeframe(written));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe(`expected a timeframe, one of 1m, 2m, 3m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 4h, 1d; was ${JSON.stringify(written)}${hint}`);
  });

  it.each([[5], [null], [undefined], [{}], ['toString']])('when the YAML value is %j then it is refused', (written) => {
    // Act
    const error = thrownBy(() => parseTimeframe(written));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_CONFIG_INVALID')).toBe(true);
    expect(isTimeframe(written)).toBe(false);
  });
});

describe('timeframeSeconds', () => {
  it.each([
    ['1m', 60], ['2m', 120], ['3m', 180], ['5m', 300], ['10m', 600], ['15m', 900], ['20m', 1200], ['30m', 1800],
    ['1h', 3600], ['2h', 7200], ['4h', 14_400], ['1d', 23_400],
  ] as const)('when the timeframe is %s then it lasts %i seconds', (timeframe, seconds) => {
    expect(timeframeSeconds(timeframe)).toBe(seconds);
  });
});

describe('TIMEFRAME_SCHEMA', () => {
  it('when a config is checked against it then exactly the listed timeframes pass', () => {
    // Arrange
    const validate = new Ajv({ strict: true }).compile(TIMEFRAME_SCHEMA);

    // Act
    const accepted = [...TIMEFRAMES, '7m', '1H', 5].filter((value) => validate(value));

    // Assert
    expect(accepted).toEqual([...TIMEFRAMES]);
    expect(TIMEFRAME_SCHEMA.description).toContain('09:30');
  });
});

describe('compatible', () => {
  it.each([
    ['1m', 1], ['1m', 5], ['1m', 60], ['5m', 5], ['5m', 60], ['5m', 300], ['15m', 900], ['30m', 900],
    ['1h', 300], ['1h', 900], ['4h', 900], ['1d', 5], ['1d', 900], ['20m', 300], ['3m', 60],
  ] as const)('when the timeframe is %s and the feed bars %i s then they fit', (timeframe, barSeconds) => {
    expect(compatible(timeframe, barSeconds)).toEqual({ ok: true });
  });

  it.each([
    ['5m', 420, 'timeframe 5m needs bars of 5 minutes or a divisor of it; data.barSeconds is 420'],
    ['1m', 300, 'timeframe 1m needs bars of 1 minute or a divisor of it; data.barSeconds is 300'],
    ['2m', 45, 'timeframe 2m needs bars of 2 minutes or a divisor of it; data.barSeconds is 45'],
    ['5m', 0, 'timeframe 5m needs bars of 5 minutes or a divisor of it; data.barSeconds is 0'],
    ['5m', 2.5, 'timeframe 5m needs bars of 5 minutes or a divisor of it; data.barSeconds is 2.5'],
    ['1h', 3600, 'timeframe 1h needs bars of 30 minutes or a divisor of it, because its windows start at the 09:30 open; data.barSeconds is 3600'],
    ['20m', 1200, 'timeframe 20m needs bars of 10 minutes or a divisor of it, because its windows start at the 09:30 open; data.barSeconds is 1200'],
    ['1d', 3600, 'timeframe 1d needs bars of 30 minutes or a divisor of it, because its bar runs from the 09:30 open to the close; data.barSeconds is 3600'],
  ] as const)('when the timeframe is %s and the feed bars %s s then the config check says why not', (timeframe, barSeconds, reason) => {
    expect(compatible(timeframe, barSeconds)).toEqual({ ok: false, reason });
  });

  it('when every timeframe meets every configurable feed then a fit is exactly a feed bar dividing both the timeframe and 30 minutes', () => {
    // Act
    const fits = TIMEFRAMES.flatMap((timeframe: Timeframe) =>
      FEED_BAR_SECONDS.filter((barSeconds) => compatible(timeframe, barSeconds).ok).map((barSeconds) => `${timeframe}/${barSeconds}`));

    // Assert
    const expected = TIMEFRAMES.flatMap((timeframe: Timeframe) => {
      const seconds = timeframe === '1d' ? 1800 : timeframeSeconds(timeframe);
      return FEED_BAR_SECONDS.filter((barSeconds) => seconds % barSeconds === 0 && 1800 % barSeconds === 0).map((barSeconds) => `${timeframe}/${barSeconds}`);
    });
    expect(fits).toEqual(expected);
    expect(fits.some((fit) => fit.endsWith('/3600'))).toBe(false);
  });
});
