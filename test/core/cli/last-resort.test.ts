/** Naming the code an escaped error came from, by the files of its stack. */
import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../core/cli/last-resort.js';

const owners = [{ name: 'plugin robo-plugin-x', dir: '/home/me/bot/node_modules/robo-plugin-x' }];

function errorFrom(...files: string[]): Error {
  const error = new Error('boom');
  error.stack = ['Error: boom', ...files.map((file, i) => `    at f${i} (${file}:${i + 1}:7)`)].join('\n');
  return error;
}

describe('ownerOf', () => {
  it.each([
    ['a frame inside a plugin\'s folder, below library frames', errorFrom('file:///home/me/bot/node_modules/undici/index.js', 'file:///home/me/bot/node_modules/robo-plugin-x/lib/log.js'), 'plugin robo-plugin-x'],
    ['the IB client library', errorFrom('/opt/robo/node_modules/@stoqey/ib/dist/core/io/decoder.js'), 'the IB API client (@stoqey/ib)'],
    ['the broker adapter', errorFrom('file:///opt/robo/dist/core/brokers/ib/ib-broker.js'), 'the ib broker adapter'],
    ['a built-in strategy', errorFrom('file:///opt/robo/dist/strategies/ma-crossover.js'), 'a strategy'],
    ['anything else', errorFrom('file:///opt/robo/dist/core/host/host.js'), 'Robo itself'],
  ])('when the stack has %s then it is named after it', (_what, error, owner) => {
    expect(ownerOf(error, owners, 'ib')).toBe(owner);
  });

  it('when a folder only shares a prefix with a plugin\'s then it is not that plugin', () => {
    expect(ownerOf(errorFrom('/home/me/bot/node_modules/robo-plugin-xy/index.js'), owners, 'ib')).toBe('Robo itself');
  });

  it('when the value thrown is not an Error then it cannot be placed, and says so', () => {
    expect(ownerOf('a string', owners, 'sim')).toBe('code that threw a non-Error value');
  });
});
