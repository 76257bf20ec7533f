import { describe, expect, it } from 'vitest';
import { wireNumber } from '../../../../core/brokers/ib/contract.js';
import { isRoboError } from '../../../../core/domain/errors.js';
import { dec } from '../../../../core/domain/money.js';
import { thrownBy } from '../../../support/thrown.js';

describe('wireNumber', () => {
  it.each([['100'], ['101.25'], ['0.0001'], ['12345.6789']])('when %s prints back as itself from a JS number then it is sent as that number', (text) => {
    expect(String(wireNumber(dec(text), 'limit price'))).toBe(text);
  });

  it.each([['0.1000000000000000000001'], ['12345678901234567890']])('when %s would change on its way through a JS number then it is refused with ROBO_ERR_BROKER, never rounded', (text) => {
    // Act
    const error = thrownBy(() => wireNumber(dec(text), 'limit price'));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_BROKER')).toBe(true);
    expect(String(error)).toContain(`the limit price ${dec(text).toString()} cannot be sent to IB exactly`);
  });
});
