/** Specifies the subscription registry: each subscription is released exactly once, and at shutdown every failing release is reported, none hiding another. */
import { describe, expect, it } from 'vitest';
import { SubscriptionRegistry } from '../../../core/host/subscriptions.js';

describe('SubscriptionRegistry', () => {
  it('when subscriptions are added then each is listed with its owner, description and a distinct id', () => {
    // Arrange
    const registry = new SubscriptionRegistry();

    // Act
    const a = registry.add('robo:host', 'bars AAPL', () => {});
    const b = registry.add('robo-plugin-x', 'quotes MSFT', () => {});

    // Assert
    expect(a.id).not.toBe(b.id);
    expect(registry.active()).toEqual([
      { id: a.id, owner: 'robo:host', description: 'bars AAPL' },
      { id: b.id, owner: 'robo-plugin-x', description: 'quotes MSFT' },
    ]);
  });

  it('when a subscription is released twice then its release function runs once', async () => {
    // Arrange
    const registry = new SubscriptionRegistry();
    let releases = 0;
    const sub = registry.add('robo:host', 'bars AAPL', () => { releases++; });

    // Act
    await sub.release();
    await sub.release();

    // Assert
    expect(releases).toBe(1);
    expect(registry.active()).toEqual([]);
  });

  it('when releaseAll runs then every subscription is released once and none is left', async () => {
    // Arrange
    const registry = new SubscriptionRegistry();
    const released: string[] = [];
    registry.add('robo:host', 'bars AAPL', () => { released.push('bars AAPL'); });
    registry.add('robo-plugin-x', 'quotes MSFT', async () => { released.push('quotes MSFT'); });

    // Act
    const failures = await registry.releaseAll();
    await registry.releaseAll();

    // Assert
    expect(failures).toEqual([]);
    expect(released.sort()).toEqual(['bars AAPL', 'quotes MSFT']);
    expect(registry.active()).toEqual([]);
  });

  it('when a subscription was already released by its owner then releaseAll does not release it again', async () => {
    // Arrange
    const registry = new SubscriptionRegistry();
    let releases = 0;
    const sub = registry.add('robo:host', 'bars AAPL', () => { releases++; });
    await sub.release();

    // Act
    await registry.releaseAll();

    // Assert
    expect(releases).toBe(1);
  });

  it('when two releases fail then releaseAll returns both failures and still releases the others', async () => {
    // Arrange
    const registry = new SubscriptionRegistry();
    let healthyReleased = false;
    registry.add('robo-plugin-a', 'quotes AAPL', () => { throw new Error('socket closed'); });
    registry.add('robo:host', 'bars AAPL', () => { healthyReleased = true; });
    registry.add('robo-plugin-b', 'depth MSFT', async () => { throw new Error('unknown request id'); });

    // Act
    const failures = await registry.releaseAll();

    // Assert
    expect(healthyReleased).toBe(true);
    expect(failures.map((f) => [f.info.owner, f.info.description, (f.error as Error).message])).toEqual([
      ['robo-plugin-a', 'quotes AAPL', 'socket closed'],
      ['robo-plugin-b', 'depth MSFT', 'unknown request id'],
    ]);
    expect(registry.active()).toEqual([]);
  });

  it('when an owner releases its subscription and the release fails then the failure reaches the owner', async () => {
    // Arrange
    const registry = new SubscriptionRegistry();
    const sub = registry.add('robo-plugin-a', 'quotes AAPL', () => { throw new Error('socket closed'); });

    // Act
    const released = sub.release();

    // Assert
    await expect(released).rejects.toThrow('socket closed');
    expect(registry.active()).toEqual([]);
  });
});
