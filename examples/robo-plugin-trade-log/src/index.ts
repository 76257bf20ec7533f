/**
 * robo-plugin-trade-log: every fill, every veto and every trading-state change, one line each, in a
 * CSV or JSON-lines file — an audit trail a spreadsheet or a script can read. It only observes: it
 * taps afterFill, afterOrder and onTradingState, and never changes an order.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { definePlugin } from 'robo-trader/plugin';
import { formatRow, header, type TradeRow } from './rows.js';

export default definePlugin({
  meta: {
    name: 'robo-plugin-trade-log',
    version: '1.0.0',
    robo: '^1.0.0',
    description: 'writes fills, vetoes and trading-state changes to a CSV or JSON-lines file',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['file'],
    properties: {
      file: { type: 'string', minLength: 1, description: 'The journal file, relative to the folder robo runs in; it is replaced at each run.' },
      format: { type: 'string', enum: ['csv', 'jsonl'], default: 'csv', description: 'csv (a header, then one row per event) or jsonl (one JSON object per line). Default csv.' },
      vetoes: { type: 'boolean', default: true, description: 'Also log orders a guard or plugin refused. Default true.' },
    },
  },
  create(options) {
    const file = resolve(options.file);
    const counts = { fills: 0, vetoes: 0, stateChanges: 0 };
    return {
      apply(api) {
        mkdirSync(dirname(file), { recursive: true });
        const out = createWriteStream(file, { flags: 'w' });
        const head = header(options.format);
        if (head !== undefined) out.write(head);
        // The file is the plugin's resource: the host closes it at stop, after the last event was written.
        api.subscriptions.add(`trade log ${file}`, () => new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done()))));
        const write = (row: Omit<TradeRow, 'time'>): void => {
          out.write(formatRow({ time: api.clock.now().toISO() ?? String(api.clock.nowMs()), ...row }, options.format));
        };

        api.hooks.afterFill.tap(api.name, ({ execution, strategyId, position }) => {
          counts.fills++;
          write({
            event: 'fill', strategy: strategyId, symbol: execution.symbol, side: execution.side,
            quantity: execution.quantity.toString(), price: execution.price.toString(),
            orderId: execution.orderId, execId: execution.execId, position: position.quantity.toString(),
          });
          api.noteFill(execution.execId, { text: `trade log row ${counts.fills}`, fields: { tradeLog: counts.fills } });
        });
        if (options.vetoes) {
          api.hooks.afterOrder.tap(api.name, (outcome) => {
            if (outcome.kind !== 'vetoed') return;
            counts.vetoes++;
            const { intent, veto } = outcome;
            write({ event: 'veto', strategy: intent.strategyId, symbol: intent.symbol, side: intent.side, quantity: intent.quantity.toString(), by: veto.by, ...(veto.code === undefined ? {} : { code: veto.code }), reason: veto.reason });
          });
        }
        api.hooks.onTradingState.tap(api.name, (change) => {
          counts.stateChanges++;
          write({ event: 'state', by: change.by, code: `${change.from}->${change.to}`, reason: change.reason });
        });
        api.summary('tradeLog', () => ({ file, format: options.format, ...counts }));
      },
    };
  },
});
