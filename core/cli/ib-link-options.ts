/** The IB broker's link and account settings as a config gives them: the same for `robo start` and `robo data fetch`. */
import type { RoboConfig } from '../config/schema.js';

type IbBrokerConfig = Extract<RoboConfig['broker'], { kind: 'ib' }>;

export function ibLinkOptions(config: RoboConfig, ib: IbBrokerConfig): {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRequestsPerSecond: number;
  readonly account: { readonly mode: RoboConfig['account']['mode']; readonly id: RoboConfig['account']['id'] };
} {
  return {
    host: ib.host,
    port: ib.port,
    clientId: ib.clientId,
    connectTimeoutMs: ib.connectTimeoutMs,
    requestTimeoutMs: ib.requestTimeoutMs,
    maxRequestsPerSecond: ib.maxRequestsPerSecond,
    account: { mode: config.account.mode, id: config.account.id },
  };
}
