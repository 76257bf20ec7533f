/**
 * Guarantees that trading starts — and resumes after every reconnect — only once Robo's books agree with
 * the broker: what the broker reported meanwhile is booked once, our orders are found again by orderRef,
 * orders the broker never saw are marked not sent and never resent, and whatever the broker holds that
 * the journal does not know is reported and handled by the configured policy (refuse by default). If the
 * broker cannot be asked, trading stays halted and the reason is logged.
 */
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { stateRecoveryOptionsSchema } from './options.js';
import { messageOf } from '../../core/domain/errors.js';
import type { Veto } from '../../core/domain/types.js';
import { STAGE } from '../../core/host/hooks.js';
import { definePlugin } from '../../core/host/plugin.js';
import type { ReconcileReport } from '../../core/host/plugin-api.js';

export const PLUGIN_NAME = 'robo:state-recovery';

export type StateRecoveryOptions = ResolvedConfig['safety']['stateRecovery'];

interface Round {
  readonly reason: 'start' | 'reconnect';
  readonly outcome: 'agreed' | 'adopted' | 'ignored' | 'refused' | 'failed';
  readonly booked: number;
  readonly reattached: readonly number[];
  readonly notSent: readonly number[];
  readonly unknown: readonly string[];
}

export const stateRecovery = definePlugin<StateRecoveryOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: stateRecoveryOptionsSchema,
  apply(api, options) {
    const { link, log } = api;
    if (link === undefined) throw new Error('state recovery needs the host\'s link control, which only built-in plugins get');
    const rounds: Round[] = [];
    const veto = (code: string, reason: string): Veto => ({ by: PLUGIN_NAME, code, reason });

    api.hooks.beforeTrading.tapPromise({ name: PLUGIN_NAME, stage: STAGE.SAFETY }, async ({ reason }) => {
      let report: ReconcileReport;
      try {
        report = await link.reconcile();
      } catch (error) {
        rounds.push({ reason, outcome: 'failed', booked: 0, reattached: [], notSent: [], unknown: [] });
        return veto('RECOVERY_FAILED', `state recovery could not ask the broker what it holds (${messageOf(error)}), so Robo cannot know its positions and orders`);
      }
      describe(report, reason);
      const unknown = [
        ...report.positionDifferences.map((d) => `position ${d.symbol}: the broker holds ${d.broker.toString()}, the journal ${d.journal.toString()}`),
        ...report.unknownOrders.map((o) => `open order ${o.orderId}${o.clientId === undefined ? '' : ` of client ${o.clientId}`} (${o.side} ${o.quantity.toString()} ${o.symbol}${o.orderRef === '' ? '' : `, orderRef ${o.orderRef}`})`),
      ];
      const round = { reason, booked: report.booked, reattached: report.reattached, notSent: report.notSent, unknown };
      if (unknown.length === 0) {
        rounds.push({ ...round, outcome: 'agreed' });
        return undefined;
      }
      switch (options.unknown) {
        case 'refuse':
          for (const line of unknown) log.error({ policy: 'refuse' }, `state recovery: the journal does not know ${line}`);
          rounds.push({ ...round, outcome: 'refused' });
          return veto('RECOVERY_UNKNOWN', `the broker holds what the journal does not know — ${unknown.join('; ')} — and safety.stateRecovery.unknown is refuse (set it to adopt or ignore to trade anyway)`);
        case 'adopt':
          for (const difference of report.positionDifferences) link.adopt(difference);
          for (const line of unknown) log.warn({ policy: 'adopt' }, `state recovery: adopted ${line}${line.startsWith('open order') ? ' — left working for its owner; its fills are adopted at the next reconciliation' : ' into Robo\'s books at the broker\'s average cost'}`);
          rounds.push({ ...round, outcome: 'adopted' });
          return undefined;
        case 'ignore':
          for (const line of unknown) log.warn({ policy: 'ignore' }, `state recovery: ignoring ${line}; Robo trades beside it`);
          rounds.push({ ...round, outcome: 'ignored' });
          return undefined;
      }
    });

    /** One line people read after every start and reconnect: what was found and what was done. */
    function describe(report: ReconcileReport, reason: string): void {
      const parts = [
        report.booked === 0 ? 'no missed executions' : `booked ${report.booked} execution${report.booked === 1 ? '' : 's'} the journal did not have`,
        report.reattached.length === 0 ? 'no orders working at the broker' : `found orders ${report.reattached.join(', ')} working at the broker`,
        ...(report.notSent.length === 0 ? [] : [`orders ${report.notSent.join(', ')} never reached the broker (marked not sent, never resent)`]),
        ...(report.closedAway.length === 0 ? [] : [`orders ${report.closedAway.join(', ')} were closed at the broker while Robo was away`]),
        `broker positions: ${report.positions.filter((p) => !p.quantity.isZero()).map((p) => `${p.symbol} ${p.quantity.toString()}`).join(', ') || 'none'}`,
      ];
      log.info({ reason, booked: report.booked, reattached: report.reattached, notSent: report.notSent, closedAway: report.closedAway }, `state recovery (${reason}): ${parts.join('; ')}`);
    }

    api.summary('stateRecovery', () => ({ policy: options.unknown, rounds }));
  },
});
