import { describe, expect, it } from 'vitest';
import { drawdownSeries } from '../../../core/report/drawdown.js';

describe('drawdownSeries', () => {
  it('when the equity falls from a new peak and recovers then each point measures from the highest equity so far', () => {
    // Arrange: peak 1200 at t=2; 900 is 25% below it; 1300 is a new peak.
    const points = [
      { time: 1, equity: '1000' },
      { time: 2, equity: '1200' },
      { time: 3, equity: '900' },
      { time: 4, equity: '1300' },
    ];

    // Act
    const series = drawdownSeries(points, '1000');

    // Assert
    expect(series).toEqual([
      { time: 1, amount: '0', percent: '0' },
      { time: 2, amount: '0', percent: '0' },
      { time: 3, amount: '-300', percent: '-25' },
      { time: 4, amount: '0', percent: '0' },
    ]);
  });

  it('when the run loses from its first point then the starting equity is the first peak', () => {
    const series = drawdownSeries([{ time: 1, equity: '950' }], '1000');

    expect(series).toEqual([{ time: 1, amount: '-50', percent: '-5' }]);
  });

  it('when the peak is not positive then the percent stays zero and the amount still tells', () => {
    const series = drawdownSeries([{ time: 1, equity: '-10' }], '0');

    expect(series).toEqual([{ time: 1, amount: '-10', percent: '0' }]);
  });
});
