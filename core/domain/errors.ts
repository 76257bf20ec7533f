/**
 * The one error catalog. Every failure Robo reports on purpose carries a stable `ROBO_ERR_*` code,
 * a message in full words and a "how to fix" line; tests assert on the code, never on the wording.
 */
export const ERROR_CATALOG = {
  ROBO_ERR_CONFIG_NOT_FOUND: { exit: 2, meaning: 'The config file does not exist or cannot be read.', fix: 'Check the path you passed to robo; it is resolved from the current directory.' },
  ROBO_ERR_CONFIG_INVALID: { exit: 2, meaning: 'The config file has YAML or schema errors; each is listed with its line and column.', fix: 'Fix every listed error; the schema in schemas/robo.config.schema.json documents each key.' },
  ROBO_ERR_CONFIG_ENV_MISSING: { exit: 2, meaning: 'A ${VAR} in the config names an environment variable that is not set.', fix: 'Export the variable before starting robo, or remove the reference.' },
  ROBO_ERR_USAGE: { exit: 2, meaning: 'The command line is wrong: an unknown command, option or a missing argument.', fix: 'Run robo --help or robo <command> --help.' },
  ROBO_ERR_DATA_INVALID: { exit: 2, meaning: 'A market-data file is malformed (bad header, a bad number, time going backwards).', fix: 'Fix the line named in the message; the CSV format is described in the README.' },
  ROBO_ERR_CALENDAR_COVERAGE: { exit: 1, meaning: 'A date is outside the exchange calendar data, so Robo cannot know whether the market is open.', fix: 'Use dates inside the calendar coverage, or add the year to core/market/calendars/XNYS.json with its source.' },
  ROBO_ERR_COST_COVERAGE: { exit: 1, meaning: 'A trade date is outside the dated commission and fee tables, so Robo cannot know what a trade costs.', fix: 'Use dates inside the coverage named in the message, or add the new rates to the table in plugins/costs/tables/ with their source.' },
  ROBO_ERR_ORDER_TRANSITION: { exit: 1, meaning: 'A broker event tried an illegal order-state transition (for example a fill on a cancelled order).', fix: 'This is a broker or host bug; the log names the order and both states.' },
  ROBO_ERR_OVERFILL: { exit: 1, meaning: 'Executions for an order add up to more than its quantity.', fix: 'This is a broker bug or a duplicated execution with a new id; the log names the order and executions.' },
  ROBO_ERR_PLUGIN_FAILED: { exit: 1, meaning: 'A plugin threw or timed out inside a hook; the message names the plugin and the hook.', fix: 'Fix or remove the plugin; in beforeOrder the order was rejected, elsewhere the host went on.' },
  ROBO_ERR_STRATEGY_UNKNOWN: { exit: 2, meaning: 'A strategy kind named in the config is not installed.', fix: 'Use one of the kinds listed in the message.' },
  ROBO_ERR_BROKER: { exit: 1, meaning: 'The broker refused or failed a request.', fix: 'Read the broker message in the log; the order was not placed.' },
  ROBO_ERR_BROKER_CONNECT: { exit: 1, meaning: 'Robo could not connect to TWS or IB Gateway: the connection was refused, timed out, or the API handshake failed.', fix: 'Start TWS or IB Gateway, enable its API socket, and check broker.host, broker.port and broker.clientId; the README section Interactive Brokers walks through it.' },
  ROBO_ERR_LIVE_ACCOUNT: { exit: 2, meaning: 'TWS is logged in to a live (real-money) account, or the account does not match the config, and live trading was not confirmed on it.', fix: 'Log in with a paper account (DU…), or set account.mode: live and run robo start <config> --live --confirm-account <the exact account id>.' },
  ROBO_ERR_STATE_CORRUPT: { exit: 1, meaning: 'A state file (the circuit breaker\'s, for one) cannot be read or is not valid, so Robo refuses to start rather than forget a halt.', fix: 'Inspect the file named in the message; restore it, or delete it only if you are sure no halt or position is recorded there.' },
  ROBO_ERR_SHUTDOWN_TIMEOUT: { exit: 1, meaning: 'Something did not finish during shutdown within its time limit; the message names it.', fix: 'Report the named plugin or task; it held the process open.' },
  ROBO_ERR_INTERNAL: { exit: 1, meaning: 'An unexpected error inside Robo.', fix: 'Report it with the log; no order was sent after it.' },
} as const satisfies Record<string, { exit: number; meaning: string; fix: string }>;

export type RoboErrorCode = keyof typeof ERROR_CATALOG;

export class RoboError extends Error {
  override readonly name = 'RoboError';
  readonly code: RoboErrorCode;
  readonly details: readonly string[];

  constructor(code: RoboErrorCode, message: string, options: { cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
  }

  get exitCode(): number {
    return ERROR_CATALOG[this.code].exit;
  }

  get fix(): string {
    return ERROR_CATALOG[this.code].fix;
  }
}

export function isRoboError(error: unknown, code?: RoboErrorCode): error is RoboError {
  return error instanceof RoboError && (code === undefined || error.code === code);
}

/** A message for any thrown value, without its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
