/**
 * Names the third-party plugin that left a handle open: code run on a plugin's behalf (its create,
 * apply, taps and task callbacks) runs inside that plugin's async context, every timer or socket
 * created there is remembered with its owner until it is closed, and whatever is still open once the
 * host has stopped is reported by plugin — and closed, so a leaked `setInterval` cannot keep robo running.
 */
import { AsyncLocalStorage, createHook, type AsyncHook } from 'node:async_hooks';
import { realTimers } from './timers.js';

/** Handles that keep the event loop alive. Promises and one-shot requests finish by themselves; stdout/stderr are shared. */
const HANDLE_TYPES: ReadonlySet<string> = new Set(['Timeout', 'Immediate', 'TCPWRAP', 'TCPSERVERWRAP', 'UDPWRAP', 'FSEVENTWRAP', 'STATWATCHER', 'PROCESSWRAP', 'SIGNALWRAP']);

export interface LeakedHandle {
  readonly owner: string;
  /** Node's resource type: `Timeout` for setTimeout/setInterval, `TCPWRAP` for a socket, … */
  readonly type: string;
}

interface Tracked extends LeakedHandle {
  readonly resource: object;
}

export class LeakWatch {
  readonly #owner = new AsyncLocalStorage<string>();
  readonly #open = new Map<number, Tracked>();
  readonly #hook: AsyncHook;

  constructor() {
    this.#hook = createHook({
      init: (asyncId, type, _trigger, resource) => {
        if (!HANDLE_TYPES.has(type)) return;
        const owner = this.#owner.getStore();
        if (owner !== undefined) this.#open.set(asyncId, { owner, type, resource });
      },
      destroy: (asyncId) => { this.#open.delete(asyncId); },
    });
  }

  /** Starts watching; only worth its cost (async hooks see every promise) when a third-party plugin is installed. */
  enable(): void {
    this.#hook.enable();
  }

  /** Runs `fn` (and everything it starts asynchronously) on behalf of `owner`. */
  run<T>(owner: string, fn: () => T): T {
    return this.#owner.run(owner, fn);
  }

  /** Runs `fn` on behalf of no plugin: the host's own services, whose timers the host owns and releases. */
  exit<T>(fn: () => T): T {
    return this.#owner.exit(fn);
  }

  /**
   * Call once the host has stopped (its own tasks, intervals and subscriptions are released by then):
   * returns every handle a plugin still holds, after closing it, and stops watching.
   */
  async collect(): Promise<readonly LeakedHandle[]> {
    // Node reports a closed handle's destroy a moment later (on the next turn of the loop), not at once.
    await new Promise<void>((resolve) => realTimers.setTimeout(resolve, 0));
    this.#hook.disable();
    const leaked = [...this.#open.values()];
    this.#open.clear();
    for (const handle of leaked) close(handle);
    return leaked.map(({ owner, type }) => ({ owner, type }));
  }
}

function close(handle: Tracked): void {
  const resource = handle.resource as { close?: () => void; destroy?: () => void };
  if (handle.type === 'Timeout') clearTimeout(handle.resource as NodeJS.Timeout);
  else if (handle.type === 'Immediate') clearImmediate(handle.resource as NodeJS.Immediate);
  else if (typeof resource.destroy === 'function') resource.destroy();
  else if (typeof resource.close === 'function') resource.close();
}

/** What a leaked handle most likely was, for the message. */
export function describeHandle(type: string): string {
  if (type === 'Timeout') return 'a timer (setTimeout or setInterval) it did not clear';
  if (type === 'Immediate') return 'a setImmediate that never ran';
  if (type === 'TCPWRAP' || type === 'TCPSERVERWRAP') return 'a network socket or server it did not close';
  return `a ${type} handle it did not close`;
}
