/**
 * The one error catalog. Every failure Robo reports on purpose carries a stable `ROBO_ERR_*` code,
 * a message in full words and a "how to fix" line; tests assert on the code, never on the wording.
 */
import { clip } from '../quote.js';
export const ERROR_CATALOG = {
  ROBO_ERR_CONFIG_NOT_FOUND: { exit: 2, meaning: 'The config file does not exist or cannot be read.', fix: 'Check the path you passed to robo; it is resolved from the current directory.' },
  ROBO_ERR_CONFIG_INVALID: { exit: 2, meaning: 'The config file has YAML or schema errors; each is listed with its line and column.', fix: 'Fix every listed error; the schema in schemas/robo.config.schema.json documents each key.' },
  ROBO_ERR_CONFIG_ENV_MISSING: { exit: 2, meaning: 'A ${VAR} in the config names an environment variable that is not set.', fix: 'Export the variable before starting robo, or remove the reference.' },
  ROBO_ERR_USAGE: { exit: 2, meaning: 'The command line is wrong: an unknown command or option, a missing argument, or a value it cannot take (a --from after --to or outside the data, a --set path that does not exist, a sweep of more than 10,000 combinations).', fix: 'Run robo --help or robo <command> --help.' },
  ROBO_ERR_DATA_INVALID: { exit: 2, meaning: 'A market-data file is malformed (bad header, a bad number, time going backwards).', fix: 'Fix the line named in the message; the CSV format is described in docs/config.md.' },
  ROBO_ERR_DATA_MISSING: { exit: 2, meaning: 'data.source cache replays days the cache does not hold: a session between the first and the last day is missing for a symbol, or the cache holds none of its days.', fix: 'Run the robo data fetch command the message prints (TWS or IB Gateway running, with the config of your IB broker); it fetches only the days still missing (docs/data.md).' },
  ROBO_ERR_CALENDAR_COVERAGE: { exit: 1, meaning: 'A date is outside the exchange calendar data, so Robo cannot know whether the market is open.', fix: 'Use dates inside the calendar coverage, or add the missing dates with their sources in a file named by calendar.additionsFile in the config (see docs/config.md).' },
  ROBO_ERR_COST_COVERAGE: { exit: 1, meaning: 'A trade date is before the first row of a fee table (the built-in SEC table starts on 2008-04-01, the FINRA TAF table on 2006-01-01), so Robo cannot know what a sale then cost; it never guesses a fee it has no source for. Dates after a table\'s last row use that row: a rate stays in force until superseded.', fix: 'Backtest dates the tables cover (robo validate names the first date), or add the rates of those dates under safety.costs.rates or in a file named by safety.costs.ratesFiles, each row with its source (docs/costs.md).' },
  ROBO_ERR_ORDER_TRANSITION: { exit: 1, meaning: 'A broker event tried an illegal order-state transition (for example a fill on a cancelled order).', fix: 'This is a broker or host bug; the log names the order and both states.' },
  ROBO_ERR_OVERFILL: { exit: 1, meaning: 'A broker correction would restate an order\'s executions to more than its quantity, or below zero. (More shares executed than ordered are not refused: they are booked, journaled as an overfill anomaly, and trading moves to REDUCING.)', fix: 'This is a broker bug or a duplicated execution with a new id; the log names the order and executions. Compare robo journal with the broker\'s account before trading on.' },
  ROBO_ERR_PLUGIN_FAILED: { exit: 1, meaning: 'A plugin threw or timed out inside a hook; the message names the plugin and the hook.', fix: 'Fix or remove the plugin; in beforeOrder the order was rejected, elsewhere the host went on.' },
  ROBO_ERR_PLUGIN_NOT_FOUND: { exit: 2, meaning: 'A plugin named in the config\'s plugins is not installed next to the config (no node_modules/<package> in the config\'s folder or above it).', fix: 'Run npm install <package> in the folder of the config (or a folder above it), or remove the entry from plugins.' },
  ROBO_ERR_PLUGIN_NOT_ALLOWED: { exit: 2, meaning: 'A plugin named in the config is not a declared dependency of the project: only packages listed in the package.json next to the config (or above it), and so pinned by its lockfile, are loaded.', fix: 'Install it with npm install <package> next to the config, which adds it to package.json and the lockfile; never load a package that merely sits in node_modules.' },
  ROBO_ERR_PLUGIN_VERSION_MISMATCH: { exit: 2, meaning: 'A plugin was written for a range of the Robo plugin API (its meta.robo) that this Robo\'s plugin API version does not satisfy.', fix: 'Install a version of the plugin made for this Robo (see its README or peerDependencies), or upgrade Robo; the message names both versions.' },
  ROBO_ERR_PLUGIN_DUPLICATE: { exit: 2, meaning: 'The same plugin is listed twice in plugins.', fix: 'List each plugin once and put all its options in that one entry.' },
  ROBO_ERR_PLUGIN_DEPENDENCY: { exit: 2, meaning: 'A plugin needs another plugin (its meta.dependencies) that is not listed before it in plugins, or did not load.', fix: 'Install the named plugin and list it before the one that needs it.' },
  ROBO_ERR_PLUGIN_INVALID: { exit: 2, meaning: 'A plugin package does not keep the plugin contract: no entry point, it fails to import, its default export is not a definePlugin() plugin, its meta.name is not its package name, its options schema does not compile, or create() returns no apply.', fix: 'Report it to the plugin\'s author with the message; until it is fixed, remove it from plugins.' },
  ROBO_ERR_STRATEGY_UNKNOWN: { exit: 2, meaning: 'A strategy kind named in the config is neither built in nor an npm package name of a strategy kind (robo-strategy-<name> or @scope/robo-strategy-<name>).', fix: 'Use one of the kinds listed in the message, a package named robo-strategy-<name>, or your own code with module: ./file.js (docs/strategy-sdk.md).' },
  ROBO_ERR_STRATEGY_NOT_FOUND: { exit: 2, meaning: 'A strategy\'s kind package is not installed next to the config (no node_modules/<package> in the config\'s folder or above it), or its module file does not exist.', fix: 'Run npm install <package> in the folder of the config, or correct the module path: it is relative to the config\'s folder.' },
  ROBO_ERR_STRATEGY_NOT_ALLOWED: { exit: 2, meaning: 'A strategy\'s kind package is not a declared dependency of the project (the package.json next to the config or above it), or its module is an absolute path or lies outside the config\'s folder, links followed.', fix: 'Install the package with npm install <package> next to the config, which declares and pins it; keep a module\'s file inside the config\'s folder and name it by a relative path.' },
  ROBO_ERR_STRATEGY_VERSION_MISMATCH: { exit: 2, meaning: 'A strategy kind was written for a range of the Robo strategy API (its robo) that this Robo\'s strategy API version (ROBO_STRATEGY_API) does not satisfy.', fix: 'Install a version of the kind made for this Robo, or upgrade Robo; the message names both versions.' },
  ROBO_ERR_STRATEGY_INVALID: { exit: 2, meaning: 'A strategy kind from a package or module does not keep the strategy contract: no entry point, it fails to import, it has no default export or its default export is not a defineStrategy() kind, its paramsSchema does not compile, or the module is not a .js or .mjs file (TypeScript must be compiled first).', fix: 'Fix the module, or report it to the package\'s author with the message; docs/strategy-sdk.md describes the contract.' },
  ROBO_ERR_BROKER: { exit: 1, meaning: 'The broker refused or failed a request.', fix: 'Read the broker message in the log; the order was not placed.' },
  ROBO_ERR_FETCH_STOPPED: { exit: 1, meaning: 'robo data fetch stopped before every day was cached: IB refused a request (an unknown symbol, no market data permission, a pacing refusal), the link to TWS dropped and did not come back, or the cache could not be written. Every day it wrote is whole; the message names the day it stopped at and how many are cached.', fix: 'Fix the cause the message names (TWS or IB Gateway running, the symbol, the permission, disk space), then run the same command again: it fetches only the days still missing (docs/data.md).' },
  ROBO_ERR_BROKER_CONNECT: { exit: 1, meaning: 'Robo could not connect to TWS or IB Gateway: the connection was refused, timed out, or the API handshake failed.', fix: 'Start TWS or IB Gateway, enable its API socket, and check broker.host, broker.port and broker.clientId; docs/interactive-brokers.md walks through it.' },
  ROBO_ERR_LIVE_ACCOUNT: { exit: 2, meaning: 'TWS is logged in to a live (real-money) account, or the account does not match the config, and live trading was not confirmed on it.', fix: 'Log in with a paper account (DU…), or set account.mode: live and run robo start <config> --live --confirm-account <the exact account id>.' },
  ROBO_ERR_STATE_CORRUPT: { exit: 1, meaning: 'A state file (the circuit breaker\'s, for one) cannot be read or is not valid, so Robo refuses to start rather than forget a halt.', fix: 'Inspect the file named in the message and check the account for the halt it may record; then robo breaker reset <config> sets the unreadable state aside (kept beside it, never deleted) and starts ACTIVE, or restore the file from a backup.' },
  ROBO_ERR_JOURNAL_CORRUPT: { exit: 1, meaning: 'The journal (.robo/journal.sqlite next to the config, or journal.path) cannot be opened, fails its integrity check, or was written by a newer Robo, so Robo refuses to trade rather than start on an empty or wrong state.', fix: 'Inspect the file named in the message (sqlite3 <file> "PRAGMA integrity_check"); restore it from a backup, or move it aside only once the broker shows no open orders or positions Robo placed.' },
  ROBO_ERR_JOURNAL_LOCKED: { exit: 1, meaning: 'Another process is writing this journal (robo start, or robo breaker reset): one process writes a journal at a time, or both would trade into the same books. The message names its pid, host and command.', fix: 'Stop that process first. robo journal and robo breaker status read the journal meanwhile. A lock left by a process that died on this machine is taken over by itself; delete <journal>.lock only if you are certain no process on any machine writes the journal.' },
  ROBO_ERR_JOURNAL_WRITE: { exit: 1, meaning: 'The journal could not be written during the run (a full disk, a read-only file or folder): no order was sent after the failed write, and the session ended the normal way — cancels, summary — because books it cannot keep must not be traded on.', fix: 'Free space or restore write access to the journal\'s folder, then robo start again: the journal holds everything committed before the failure, and state recovery books what the broker did after it.' },
  ROBO_ERR_RECONCILE: { exit: 1, meaning: 'State recovery could not make Robo\'s books agree with the broker: a position or order the journal does not know (under the default policy refuse), or the broker did not answer, so trading did not start.', fix: 'Read the differences listed in the message; settle them at the broker, or set safety.stateRecovery.unknown to adopt (take positions over) or ignore (trade beside them), then start again.' },
  ROBO_ERR_UNHANDLED: { exit: 1, meaning: 'An error escaped every hook and task (an unhandled promise rejection or an uncaught exception) in a plugin, a strategy or the broker adapter; the message names whose code it was. Robo halted trading at once, cancelled its open orders (unless shutdown.cancelOpenOrders is false), closed the journal and printed the summary.', fix: 'Fix or remove the code the message names. The circuit breaker stays HALTED across restarts: after checking the account, run robo breaker reset to trade again.' },
  ROBO_ERR_SHUTDOWN_INCOMPLETE: { exit: 1, meaning: 'The run stopped, but its shutdown could not do everything: the summary lists each shutdown problem — above all an order whose cancel could not be sent (the broker link down), which may still be working at the broker.', fix: 'Check the named orders at the broker (TWS, IB\'s web portal) now. The journal keeps them open; the next robo start reconciles them with the broker before it trades.' },
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

/**
 * A message for any thrown value, without its stack. It never throws itself: it is how an error is
 * reported, and plugin code can throw values that refuse to become text (no prototype, a throwing getter).
 */
export function messageOf(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? String(error.message) : String(error);
  } catch {
    return 'a thrown value that cannot be shown as text';
  }
  // A message is a sentence or a few: one that is megabytes long (a plugin's, a library's) would flood
  // every log line and error it is repeated in, once per bar.
  return clip(text, MAX_MESSAGE_CHARS);
}

/** How much of an error's message is kept wherever Robo repeats it. */
const MAX_MESSAGE_CHARS = 1000;
