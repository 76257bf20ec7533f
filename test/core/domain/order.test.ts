/**
 * Specifies the order state machine: which transitions are legal, how executions fill an order
 * (exactly, once per execution id, never beyond its quantity) and that the arrival order of
 * executions never changes the result (faults table rows 6 and 10).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRoboError, type RoboErrorCode } from '../../../core/domain/errors.js';
import { dec, ZERO, type Decimal } from '../../../core/domain/money.js';
import {
  acknowledge,
  applyExecution,
  averageFillPrice,
  canTransition,
  cancel,
  correctExecution,
  createOrder,
  isOpen,
  isTerminal,
  reject,
  remainingQuantity,
  type Order,
  type OrderStateKind,
} from '../../../core/domain/order.js';
import type { Execution } from '../../../core/domain/types.js';
import { marketIntent } from '../../support/market.js';
import { thrownBy } from '../../support/thrown.js';

const ORDER_ID = 7;
const CREATED_AT = 1_000;

function newOrder(quantity = '100'): Order {
  return createOrder(ORDER_ID, `robo:test:${ORDER_ID}`, marketIntent('BUY', quantity), CREATED_AT);
}

function execution(execId: string, quantity: string | Decimal, price: string | Decimal = '10'): Execution {
  return { execId, orderId: ORDER_ID, symbol: 'AAPL', side: 'BUY', quantity: dec(quantity), price: dec(price), time: CREATED_AT + 1 };
}

/** Applies an execution that must be new, and returns the order after it. */
function fill(order: Order, exec: Execution): Order {
  const outcome = applyExecution(order, exec);
  if (outcome.kind !== 'applied') throw new Error(`expected ${exec.execId} to be applied`);
  return outcome.order;
}

/** An order of 100 shares brought into `kind` through the public functions. */
function orderIn(kind: OrderStateKind): Order {
  const pending = newOrder('100');
  switch (kind) {
    case 'pending': return pending;
    case 'submitted': return acknowledge(pending);
    case 'partially_filled': return fill(acknowledge(pending), execution('e-setup', '40'));
    case 'filled': return fill(acknowledge(pending), execution('e-setup', '100'));
    case 'cancelled': return cancel(acknowledge(pending), 'setup');
    case 'rejected': return reject(pending, 'setup');
  }
}


function codeOf(act: () => unknown): RoboErrorCode | 'no error' | 'not a RoboError' {
  const error = thrownBy(act);
  if (error === undefined) return 'no error';
  return isRoboError(error) ? error.code : 'not a RoboError';
}

const KINDS: readonly OrderStateKind[] = ['pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'];

/** The specification of legal transitions, written out in full. */
const LEGAL: Readonly<Record<OrderStateKind, readonly OrderStateKind[]>> = {
  pending: ['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'],
  submitted: ['partially_filled', 'filled', 'cancelled', 'rejected'],
  partially_filled: ['partially_filled', 'filled', 'cancelled'],
  filled: [],
  cancelled: [],
  rejected: [],
};

describe('order transitions: the table', () => {
  const pairs = KINDS.flatMap((from) => KINDS.map((to) => [from, to, LEGAL[from].includes(to)] as const));

  it.each(pairs)('when asked whether %s may go to %s then the answer is %s', (from, to, legal) => {
    // Act
    const answer = canTransition(from, to);

    // Assert
    expect(answer).toBe(legal);
  });

  it.each([
    ['pending', false],
    ['submitted', false],
    ['partially_filled', false],
    ['filled', true],
    ['cancelled', true],
    ['rejected', true],
  ] as const)('when an order is %s then terminal is %s and open is the opposite', (kind, terminal) => {
    // Arrange
    const order = orderIn(kind);

    // Act
    const result = { terminal: isTerminal(order), open: isOpen(order) };

    // Assert
    expect(result).toEqual({ terminal, open: !terminal });
  });
});

describe('order transitions: cancel and reject', () => {
  const cancelCases = KINDS.map((from) => [from, LEGAL[from].includes('cancelled')] as const);
  const rejectCases = KINDS.map((from) => [from, LEGAL[from].includes('rejected')] as const);

  it.each(cancelCases.filter(([, legal]) => legal))('when a %s order is cancelled then it is cancelled with the reason', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const next = cancel(order, 'the strategy changed its mind');

    // Assert
    expect(next.state).toEqual({ kind: 'cancelled', reason: 'the strategy changed its mind' });
    expect(next.filledQuantity.eq(order.filledQuantity)).toBe(true);
  });

  it.each(cancelCases.filter(([, legal]) => !legal))('when a %s order is cancelled then ROBO_ERR_ORDER_TRANSITION is thrown', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const code = codeOf(() => cancel(order, 'too late'));

    // Assert
    expect(code).toBe('ROBO_ERR_ORDER_TRANSITION');
  });

  it.each(rejectCases.filter(([, legal]) => legal))('when a %s order is rejected then it is rejected with the reason', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const next = reject(order, 'no shares to borrow');

    // Assert
    expect(next.state).toEqual({ kind: 'rejected', reason: 'no shares to borrow' });
  });

  it.each(rejectCases.filter(([, legal]) => !legal))('when a %s order is rejected then ROBO_ERR_ORDER_TRANSITION is thrown', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const code = codeOf(() => reject(order, 'too late'));

    // Assert
    expect(code).toBe('ROBO_ERR_ORDER_TRANSITION');
  });

  it('when an illegal transition is refused then the original order is unchanged', () => {
    // Arrange
    const order = orderIn('filled');

    // Act
    thrownBy(() => cancel(order, 'too late'));

    // Assert
    expect(order.state).toEqual({ kind: 'filled' });
  });
});

describe('order transitions: acknowledge', () => {
  it('when a pending order is acknowledged then it is submitted', () => {
    // Arrange
    const order = orderIn('pending');

    // Act
    const next = acknowledge(order);

    // Assert
    expect(next.state).toEqual({ kind: 'submitted' });
  });

  it.each(['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const)(
    'when a %s order is acknowledged late then nothing changes (the same object comes back)',
    (kind) => {
      // Arrange
      const order = orderIn(kind);

      // Act
      const next = acknowledge(order);

      // Assert
      expect(next).toBe(order);
    },
  );
});

describe('order transitions: executions', () => {
  it.each([
    ['pending', 'partially_filled'],
    ['submitted', 'partially_filled'],
    ['partially_filled', 'partially_filled'],
  ] as const)('when a %s order gets a partial execution then it is %s', (from, to) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const next = fill(order, execution('e-partial', '10'));

    // Assert
    expect(next.state.kind).toBe(to);
  });

  it.each(['pending', 'submitted', 'partially_filled'] as const)('when a %s order gets the rest of its quantity then it is filled', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const next = fill(order, execution('e-rest', remainingQuantity(order)));

    // Assert
    expect(next.state.kind).toBe('filled');
    expect(next.filledQuantity.toString()).toBe('100');
  });

  it.each(['cancelled', 'rejected'] as const)('when a %s order gets an execution then it is booked late and the state is kept', (from) => {
    // Arrange
    const order = orderIn(from);

    // Act
    const outcome = applyExecution(order, execution('e-late', '10'));

    // Assert
    expect(outcome.kind).toBe('late');
    expect(outcome.order.state.kind).toBe(from);
    expect(outcome.order.filledQuantity.toString()).toBe(order.filledQuantity.plus(10).toString());
  });

  it('when a filled order gets one more share then it is an overfill: the share is booked and the order stays filled', () => {
    // Arrange
    const order = orderIn('filled');

    // Act
    const outcome = applyExecution(order, execution('e-extra', '1'));

    // Assert
    expect(outcome.kind).toBe('overfill');
    expect(outcome.order.state.kind).toBe('filled');
    expect(outcome.order.filledQuantity.toString()).toBe(order.filledQuantity.plus(1).toString());
    expect(remainingQuantity(outcome.order).toString()).toBe('0');
  });

  it('when a partially filled order is cancelled and then the remainder executes then the shares are booked and it stays cancelled', () => {
    // Arrange
    const order = cancel(orderIn('partially_filled'), 'stop');

    // Act
    const outcome = applyExecution(order, execution('e-after-cancel', '60'));

    // Assert
    expect(outcome.kind).toBe('late');
    expect(outcome.order.state.kind).toBe('cancelled');
    expect(outcome.order.filledQuantity.eq(order.filledQuantity.plus(60))).toBe(true);
  });

  it('when a fill arrives before the acknowledgement then pending goes straight to partially_filled', () => {
    // Arrange
    const order = newOrder('100');

    // Act
    const next = fill(order, execution('e-fast', '30'));

    // Assert
    expect(next.state.kind).toBe('partially_filled');
    expect(next.filledQuantity.toString()).toBe('30');
  });

  it('when the order is acknowledged after it filled then the acknowledgement is a no-op', () => {
    // Arrange
    const filled = fill(newOrder('100'), execution('e-all', '100'));

    // Act
    const next = acknowledge(filled);

    // Assert
    expect(next).toBe(filled);
    expect(next.state.kind).toBe('filled');
  });

  it('when an execution is for another side then ROBO_ERR_ORDER_TRANSITION is thrown', () => {
    // Arrange
    const order = orderIn('submitted');

    // Act
    const code = codeOf(() => applyExecution(order, { ...execution('e-sell', '10'), side: 'SELL' }));

    // Assert
    expect(code).toBe('ROBO_ERR_ORDER_TRANSITION');
  });

  it.each(['0', '-5'])('when an execution has quantity %s then ROBO_ERR_ORDER_TRANSITION is thrown', (quantity) => {
    // Arrange
    const order = orderIn('submitted');

    // Act
    const code = codeOf(() => applyExecution(order, execution('e-bad', quantity)));

    // Assert
    expect(code).toBe('ROBO_ERR_ORDER_TRANSITION');
  });

  it('when an execution names another order then ROBO_ERR_INTERNAL is thrown', () => {
    // Arrange
    const order = orderIn('submitted');

    // Act
    const code = codeOf(() => applyExecution(order, { ...execution('e-other', '10'), orderId: ORDER_ID + 1 }));

    // Assert
    expect(code).toBe('ROBO_ERR_INTERNAL');
  });
});

describe('order fills', () => {
  it('when 30 then 70 of 100 execute then the order is partially_filled, then filled, with exact quantities and average price', () => {
    // Arrange
    const order = acknowledge(newOrder('100'));

    // Act
    const afterFirst = fill(order, execution('e1', '30', '10.1'));
    const afterSecond = fill(afterFirst, execution('e2', '70', '10.2'));

    // Assert
    expect(afterFirst.state.kind).toBe('partially_filled');
    expect(afterFirst.filledQuantity.toString()).toBe('30');
    expect(remainingQuantity(afterFirst).toString()).toBe('70');
    expect(averageFillPrice(afterFirst)?.toString()).toBe('10.1');
    expect(afterSecond.state.kind).toBe('filled');
    expect(afterSecond.filledQuantity.toString()).toBe('100');
    expect(afterSecond.filledValue.toString()).toBe('1017'); // 30 × 10.1 + 70 × 10.2 = 303 + 714
    expect(averageFillPrice(afterSecond)?.toString()).toBe('10.17');
    expect(remainingQuantity(afterSecond).isZero()).toBe(true);
  });

  it('when nothing has executed then there is no average fill price', () => {
    // Arrange
    const order = acknowledge(newOrder('100'));

    // Act
    const average = averageFillPrice(order);

    // Assert
    expect(average).toBeUndefined();
  });

  it('when the same execution id arrives twice then the second is a duplicate and the order is unchanged', () => {
    // Arrange
    const once = fill(acknowledge(newOrder('100')), execution('e1', '30', '10'));

    // Act
    const outcome = applyExecution(once, execution('e1', '30', '10'));

    // Assert
    expect(outcome.kind).toBe('duplicate');
    expect(outcome.order).toBe(once);
    expect(outcome.order.filledQuantity.toString()).toBe('30');
  });

  it('when an execution takes the order beyond its quantity then it is an overfill: every share is booked and the order is filled', () => {
    // Arrange
    const order = fill(acknowledge(newOrder('100')), execution('e1', '60'));

    // Act
    const outcome = applyExecution(order, execution('e2', '41'));

    // Assert
    expect(outcome.kind).toBe('overfill');
    expect(outcome.order.state.kind).toBe('filled');
    expect(outcome.order.filledQuantity.toString()).toBe('101');
    expect(outcome.order.executionIds.has('e2')).toBe(true);
    expect(order.filledQuantity.toString()).toBe('60');
  });

  it('when an execution is applied then the previous order object is not changed (orders are immutable)', () => {
    // Arrange
    const order = acknowledge(newOrder('100'));

    // Act
    fill(order, execution('e1', '30'));

    // Assert
    expect(order.filledQuantity.isZero()).toBe(true);
    expect(order.executionIds.size).toBe(0);
    expect(order.state.kind).toBe('submitted');
  });
});

describe('order fills: any order of arrival (property)', () => {
  /** Quantities in whole shares and prices in cents, split into parts with unique execution ids. */
  const parts = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 1_000 }), cents: fc.integer({ min: 1, max: 1_000_000 }) }), { minLength: 1, maxLength: 12 });
  /** The parts, each at least once, some twice or more, in any order. */
  const scenario = parts.chain((split) =>
    fc
      .array(fc.nat({ max: split.length - 1 }), { maxLength: split.length * 2 })
      .chain((duplicates) => {
        const deliveries = [...split.keys(), ...duplicates];
        return fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length });
      })
      .map((deliveries) => ({ split, deliveries })),
  );

  it('when a quantity is split into executions delivered in any order with duplicates then the order ends filled with the same quantity and value', () => {
    fc.assert(
      fc.property(scenario, ({ split, deliveries }) => {
        // Arrange
        const total = split.reduce((sum, p) => sum + p.quantity, 0);
        const executions = split.map((p, i) => execution(`e${i}`, String(p.quantity), dec(String(p.cents)).div(100)));
        const expectedValue = executions.reduce((sum, e) => sum.plus(e.quantity.times(e.price)), ZERO);
        let order = acknowledge(newOrder(String(total)));
        let duplicates = 0;

        // Act
        for (const index of deliveries) {
          const outcome = applyExecution(order, executions[index]!);
          if (outcome.kind === 'duplicate') duplicates++;
          order = outcome.order;
          // Invariants on the way: never beyond the quantity, never filled without every share.
          expect(order.filledQuantity.lte(order.intent.quantity)).toBe(true);
          expect(order.state.kind === 'filled').toBe(order.filledQuantity.eq(order.intent.quantity));
        }

        // Assert
        expect(order.state.kind).toBe('filled');
        expect(order.filledQuantity.toString()).toBe(String(total));
        expect(order.filledValue.eq(expectedValue)).toBe(true);
        expect(order.executionIds.size).toBe(split.length);
        expect(duplicates).toBe(deliveries.length - split.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('order fills: corrections', () => {
  it('when a booked execution is corrected to fewer shares then the order takes the difference and keeps its state', () => {
    // Arrange
    const booked = execution('e1', '60', '10');
    const order = fill(acknowledge(newOrder('100')), booked);

    // Act
    const corrected = correctExecution(order, booked, execution('e1.02', '50', '10.2'));

    // Assert
    expect(corrected.state.kind).toBe('partially_filled');
    expect(corrected.filledQuantity.toString()).toBe('50');
    expect(corrected.filledValue.toString()).toBe('510');
  });

  it.each([
    ['more shares than ordered', '160'],
    ['fewer than none', '-1'],
  ])('when a correction would restate the order to %s then it throws ROBO_ERR_OVERFILL naming both executions', (_, quantity) => {
    // Arrange
    const booked = execution('e1', '60', '10');
    const order = fill(acknowledge(newOrder('100')), booked);

    // Act
    const error = thrownBy(() => correctExecution(order, booked, execution('e1.02', quantity)));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_OVERFILL')).toBe(true);
    expect(String(error)).toContain('the correction e1.02 of execution e1 would fill order 7');
  });
});
