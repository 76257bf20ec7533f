/**
 * One-cancels-all groups at IB: the members share an `ocaGroup`; when one fills, type 1 cancels the
 * others, types 2 and 3 reduce them by what it filled (cancelling any with nothing left).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../../core/brokers/port.js';
import type { OcaType } from '../../../core/domain/types.js';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limit, request, stop } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const statuses = (events: readonly BrokerEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'status' ? [`${e.orderId} ${e.status}${e.status === 'cancelled' ? `: ${e.reason ?? ''}` : ''}`] : []));

/** A long position's two exits in one group: a take profit at 410 (order 1) and a stop at 395 (order 2). */
async function exits(type: OcaType, quantities: readonly [string, string] = ['100', '100']): Promise<Harness> {
  const harnessed = await harness({ server: { market: true } });
  const oca = { group: 'robo:test:exits', type };
  await harnessed.broker.placeOrder(request(1, limit('SELL', '410', quantities[0], { oca })));
  await harnessed.broker.placeOrder(request(2, stop('SELL', '395', quantities[1], { oca })));
  return harnessed;
}

describe('OCA groups at IB', () => {
  it('when a member of a type 1 group fills then TWS cancels the other, and the broker reports it cancelled', async () => {
    h = await exits(1);

    h.server.trade('SPY', '410.02');
    await eventually(() => statuses(h?.events ?? []).some((s) => s.startsWith('2 cancelled')), 'the stop to be cancelled');

    expect(statuses(h.events)).toEqual(['1 submitted', '2 submitted', expect.stringMatching(/^2 cancelled: Order Canceled - reason:OCA group robo:test:exits: order 1 filled/)]);
    expect(h.server.executionRecords().map((e) => [e.orderId, e.shares, e.price])).toEqual([[1, '100', '410.02']]);
  });

  it('when the other member is reached after the group is done then it does not fill: the position is sold once', async () => {
    h = await exits(1);

    h.server.trade('SPY', '410');
    h.server.trade('SPY', '390');
    await eventually(() => h?.server.orderStatus(2) === 'Cancelled', 'the stop to be cancelled');

    expect(h.server.positionOf('SPY')).toBe('-100');
    expect(h.server.executionRecords()).toHaveLength(1);
  });

  it('when a member of a type 2 group fills in part then the other is reduced by that much and keeps working', async () => {
    h = await exits(2);

    h.server.fill(1, [{ quantity: '30', price: '410', commission: '1.00' }]);
    await eventually(() => h?.server.quantityOf(2) === '70', 'the stop to be reduced');

    expect(h.server.orderStatus(2)).toBe('Submitted');
    expect(statuses(h.events)).toEqual(['1 submitted', '2 submitted']);
  });

  it('when a member of a type 3 group fills in full then the other has nothing left and is cancelled', async () => {
    h = await exits(3);

    h.server.trade('SPY', '395');
    await eventually(() => h?.server.orderStatus(1) === 'Cancelled', 'the take profit to be cancelled');

    expect(h.server.executionRecords().map((e) => [e.orderId, e.shares, e.price])).toEqual([[2, '100', '395']]);
  });
});
