/** Specifies Robo's Decimal: built from strings, exact where floats are not, snapped to the tick on the safe side, and immune to a global `Decimal.set`. */
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { Dec, dec, decimalFromNumber, isDecimal, regNmsTick, snapToTick, toFixedString } from '../../../core/domain/money.js';

describe('dec and decimalFromNumber', () => {
  it('when 0.1 and 0.2 are added as Decimals then the sum is exactly 0.3', () => {
    // Act
    const sum = dec('0.1').plus(dec('0.2'));

    // Assert
    expect(sum.toString()).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3); // the float mistake this type exists to avoid
  });

  it('when the number 0.1 is turned into a Decimal then it is exactly 0.1, not its binary expansion', () => {
    // Act
    const value = decimalFromNumber(0.1);

    // Assert
    expect(value.toString()).toBe('0.1');
    expect(value.eq(dec('0.1'))).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('when the number %s is turned into a Decimal then a RangeError is thrown', (value) => {
    // Act
    const act = (): unknown => decimalFromNumber(value);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('when a number is given to dec then it does not compile (numbers go through decimalFromNumber)', () => {
    // Act
    // @ts-expect-error dec accepts strings and Decimals only
    const value = dec(0.5);

    // Assert
    expect(isDecimal(value)).toBe(true);
  });

  it('when a value is a Decimal then isDecimal says so, and a number or string is not one', () => {
    // Act
    const answers = [isDecimal(dec('1')), isDecimal(1), isDecimal('1')];

    // Assert
    expect(answers).toEqual([true, false, false]);
  });

  it('when a very large or very small value is written then it is never in exponent notation', () => {
    // Act
    const texts = [dec('1e21').toString(), dec('1e-9').toString()];

    // Assert
    expect(texts).toEqual(['1000000000000000000000', '0.000000001']);
  });

  it('when a value is written for a log with two places then it is rounded half to even', () => {
    // Act
    const texts = [toFixedString(dec('2.345')), toFixedString(dec('2.355')), toFixedString(dec('7'))];

    // Assert
    expect(texts).toEqual(['2.34', '2.36', '7.00']);
  });
});

describe('the private Decimal configuration', () => {
  it('when a dependency calls the global Decimal.set then Robo keeps 34 significant digits', () => {
    // Arrange
    const previous = Decimal.precision;
    Decimal.set({ precision: 5 });
    try {
      // Act
      const third = dec('1').div(3);
      const globalThird = new Decimal(1).div(3);

      // Assert
      expect(globalThird.toString()).toBe('0.33333');
      expect(third.toString()).toBe(`0.${'3'.repeat(34)}`);
      expect(Dec.precision).toBe(34);
    } finally {
      Decimal.set({ precision: previous });
    }
  });
});

describe('regNmsTick', () => {
  it.each([
    ['187.12', '0.01'],
    ['1', '0.01'],
    ['0.9999', '0.0001'],
    ['0.5', '0.0001'],
  ])('when the price is %s then the tick is %s', (price, tick) => {
    // Act
    const result = regNmsTick(dec(price));

    // Assert
    expect(result.toString()).toBe(tick);
  });
});

describe('snapToTick', () => {
  it('when a buy limit of 187.123 is snapped to the cent then it rounds down to 187.12', () => {
    // Act
    const price = snapToTick(dec('187.123'), dec('0.01'), 'BUY');

    // Assert
    expect(price.toString()).toBe('187.12');
  });

  it('when a sell limit of 187.121 is snapped to the cent then it rounds up to 187.13', () => {
    // Act
    const price = snapToTick(dec('187.121'), dec('0.01'), 'SELL');

    // Assert
    expect(price.toString()).toBe('187.13');
  });

  it.each(['BUY', 'SELL'] as const)('when a %s limit is already on the grid then it is unchanged', (side) => {
    // Act
    const price = snapToTick(dec('187.12'), dec('0.01'), side);

    // Assert
    expect(price.toString()).toBe('187.12');
  });

  it.each([
    ['BUY', '0.12345', '0.1234'],
    ['SELL', '0.12341', '0.1235'],
  ] as const)('when a sub-dollar %s limit of %s is snapped to the 0.0001 tick then it is %s', (side, raw, snapped) => {
    // Arrange
    const value = dec(raw);

    // Act
    const price = snapToTick(value, regNmsTick(value), side);

    // Assert
    expect(price.toString()).toBe(snapped);
  });

  it.each(['0', '-0.01'])('when the tick is %s then a RangeError is thrown', (tick) => {
    // Act
    const act = (): unknown => snapToTick(dec('10'), dec(tick), 'BUY');

    // Assert
    expect(act).toThrow(RangeError);
  });
});
