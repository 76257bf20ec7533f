/**
 * Specifies the task registry: every timer, interval, sleep and background task has an owner and a
 * name, failures are reported with both, and shutdown cancels everything and names what would not stop.
 */
import { describe, expect, it } from 'vitest';
import { TaskCancelledError, TaskRegistry, type TaskInfo } from '../../../core/host/tasks.js';
import { FakeTimers, settle } from '../../support/fake-timers.js';

interface Reported {
  readonly info: TaskInfo;
  readonly error: unknown;
}

function registry(): { tasks: TaskRegistry; timers: FakeTimers; failures: Reported[] } {
  const timers = new FakeTimers();
  const failures: Reported[] = [];
  const tasks = new TaskRegistry({ timers, onFailure: (info, error) => failures.push({ info, error }) });
  return { tasks, timers, failures };
}

describe('TaskRegistry: timeouts', () => {
  it('when a timeout falls due then it runs once and leaves the active list', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let runs = 0;
    tasks.timeout('robo-plugin-x', 'flush', 100, () => { runs++; });

    // Act
    await timers.advance(1_000);

    // Assert
    expect(runs).toBe(1);
    expect(tasks.active()).toEqual([]);
  });

  it('when a timeout is cancelled at shutdown then it never fires', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let fired = false;
    tasks.timeout('robo-plugin-x', 'flush', 100, () => { fired = true; });

    // Act
    await tasks.shutdown(50);
    await timers.advance(1_000);

    // Assert
    expect(fired).toBe(false);
    expect(timers.pending()).toBe(0);
  });

  it('when a timeout is cancelled by its owner then it never fires', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let fired = false;
    const cancelTimeout = tasks.timeout('robo-plugin-x', 'flush', 100, () => { fired = true; });

    // Act
    cancelTimeout();
    await timers.advance(1_000);

    // Assert
    expect(fired).toBe(false);
    expect(tasks.active()).toEqual([]);
  });

  it('when a timeout throws then the failure is reported with its owner and name', async () => {
    // Arrange
    const { tasks, timers, failures } = registry();
    tasks.timeout('robo-plugin-x', 'flush', 100, () => { throw new Error('disk full'); });

    // Act
    await timers.advance(100);

    // Assert
    expect(failures).toHaveLength(1);
    expect(failures[0]?.info).toMatchObject({ owner: 'robo-plugin-x', name: 'flush', kind: 'timeout' });
    expect((failures[0]?.error as Error).message).toBe('disk full');
  });
});

describe('TaskRegistry: intervals', () => {
  it('when an interval runs then it runs once per period', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let runs = 0;
    tasks.interval('robo-plugin-x', 'heartbeat', 100, () => { runs++; });

    // Act
    await timers.advance(350);

    // Assert
    expect(runs).toBe(3);
  });

  it('when an interval run fails then the failure is reported and the interval goes on', async () => {
    // Arrange
    const { tasks, timers, failures } = registry();
    let runs = 0;
    tasks.interval('robo-plugin-x', 'heartbeat', 100, async () => {
      runs++;
      if (runs === 1) throw new Error('probe failed');
    });

    // Act
    await timers.advance(300);

    // Assert
    expect(runs).toBe(3);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.info).toMatchObject({ owner: 'robo-plugin-x', name: 'heartbeat', kind: 'interval' });
  });

  it('when an interval run is slow then the next run waits for it instead of stacking up', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let running = 0;
    let mostAtOnce = 0;
    const release: (() => void)[] = [];
    tasks.interval('robo-plugin-x', 'poll', 100, () => new Promise<void>((resolve) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      release.push(() => { running--; resolve(); });
    }));

    // Act
    await timers.advance(1_000);

    // Assert
    expect(release).toHaveLength(1);
    expect(mostAtOnce).toBe(1);
  });

  it('when an interval is cancelled at shutdown then it never fires again', async () => {
    // Arrange
    const { tasks, timers } = registry();
    let runs = 0;
    tasks.interval('robo-plugin-x', 'heartbeat', 100, () => { runs++; });
    await timers.advance(100);

    // Act
    await tasks.shutdown(50);
    await timers.advance(1_000);

    // Assert
    expect(runs).toBe(1);
    expect(timers.pending()).toBe(0);
  });
  it('when an interval run is still in flight after the grace period then shutdown names it', async () => {
    // Arrange
    const { tasks, timers } = registry();
    tasks.interval('robo-plugin-x', 'poll', 100, () => new Promise<void>(() => {}));
    await timers.advance(100);

    // Act
    const stopping = tasks.shutdown(50);
    await timers.advance(50);

    // Assert
    expect(await stopping).toEqual([{ owner: 'robo-plugin-x', name: 'poll', kind: 'interval' }]);
  });
});

describe('TaskRegistry: sleep', () => {
  it('when the time passes then sleep resolves', async () => {
    // Arrange
    const { tasks, timers } = registry();
    const sleeping = tasks.sleep('robo-plugin-x', 500);

    // Act
    await timers.advance(500);

    // Assert
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('when the registry shuts down during a sleep then the sleep rejects with TaskCancelledError', async () => {
    // Arrange
    const { tasks } = registry();
    const sleeping = tasks.sleep('robo-plugin-x', 60_000);

    // Act
    await tasks.shutdown(50);

    // Assert
    await expect(sleeping).rejects.toBeInstanceOf(TaskCancelledError);
  });
});

describe('TaskRegistry: background tasks', () => {
  it('when a task fails then the failure is reported with its owner and name', async () => {
    // Arrange
    const { tasks, failures } = registry();

    // Act
    await tasks.run('robo-plugin-x', 'sync-positions', async () => { throw new Error('gateway timeout'); });

    // Assert
    expect(failures).toHaveLength(1);
    expect(failures[0]?.info).toMatchObject({ owner: 'robo-plugin-x', name: 'sync-positions', kind: 'task' });
    expect((failures[0]?.error as Error).message).toBe('gateway timeout');
  });

  it('when a task ends with TaskCancelledError then no failure is reported', async () => {
    // Arrange
    const { tasks, failures } = registry();

    // Act
    await tasks.run('robo-plugin-x', 'loop', async () => { throw new TaskCancelledError('stopping'); });

    // Assert
    expect(failures).toEqual([]);
  });

  it('when the registry shuts down then each task sees its signal abort and a task that stops is not reported', async () => {
    // Arrange
    const { tasks } = registry();
    let aborted = false;
    const running = tasks.run('robo-plugin-x', 'loop', (signal) => new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => { aborted = true; resolve(); }, { once: true });
    }));
    await settle();

    // Act
    const leaked = await tasks.shutdown(50);

    // Assert
    await running;
    expect(aborted).toBe(true);
    expect(leaked).toEqual([]);
    expect(tasks.active()).toEqual([]);
  });

  it('when a task ignores its abort signal then shutdown gives up after the grace period and names it', async () => {
    // Arrange
    const { tasks, timers } = registry();
    void tasks.run('robo-plugin-x', 'stubborn', () => new Promise<void>(() => {}));
    await settle();
    const stopping = tasks.shutdown(50);

    // Act
    await timers.advance(50);

    // Assert
    expect(await stopping).toEqual([{ owner: 'robo-plugin-x', name: 'stubborn', kind: 'task' }]);
  });

  it('when a task ignores its abort signal then shutdown(50) on real timers returns within the grace period', async () => {
    // Arrange
    const tasks = new TaskRegistry();
    void tasks.run('robo-plugin-x', 'stubborn', () => new Promise<void>(() => {}));
    const started = performance.now();

    // Act
    const leaked = await tasks.shutdown(50);

    // Assert
    expect(leaked).toEqual([{ owner: 'robo-plugin-x', name: 'stubborn', kind: 'task' }]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('TaskRegistry: after shutdown', () => {
  it.each([
    ['timeout', (t: TaskRegistry) => t.timeout('robo-plugin-x', 'late', 10, () => {})],
    ['interval', (t: TaskRegistry) => t.interval('robo-plugin-x', 'late', 10, () => {})],
    ['sleep', (t: TaskRegistry) => t.sleep('robo-plugin-x', 10)],
    ['run', (t: TaskRegistry) => t.run('robo-plugin-x', 'late', async () => {})],
  ] as const)('when a plugin starts a %s after shutdown then TaskCancelledError is thrown and nothing is scheduled', async (_kind, start) => {
    // Arrange
    const { tasks, timers } = registry();
    await tasks.shutdown(50);

    // Act
    const act = (): unknown => start(tasks);

    // Assert
    expect(act).toThrow(TaskCancelledError);
    expect(tasks.closed).toBe(true);
    expect(timers.pending()).toBe(0);
  });

  it('when tasks are active then active() lists each with its owner, name and kind', () => {
    // Arrange
    const { tasks } = registry();
    tasks.timeout('a', 'flush', 100, () => {});
    tasks.interval('b', 'heartbeat', 100, () => {});

    // Act
    const active = tasks.active();

    // Assert
    expect(active).toEqual([
      { owner: 'a', name: 'flush', kind: 'timeout' },
      { owner: 'b', name: 'heartbeat', kind: 'interval' },
    ]);
  });
});
