#!/usr/bin/env node
/**
 * The `robo` command line: start, validate, backtest. Every failure prints its code, what went wrong and
 * how to fix it, and sets the documented exit code; the process is never killed with process.exit, so a
 * leaked handle shows up as a process that does not end instead of being hidden — with one exception: a
 * second Ctrl-C while a shutdown still waits, after saying what is left undone (commands/start.ts).
 */
import { Command, CommanderError, Option } from 'commander';
import { watchForClosedStdout } from './closed-stdout.js';
import { Settings } from 'luxon';
import { ERROR_CATALOG, RoboError, isRoboError, messageOf } from '../domain/errors.js';
import type { StartOptions } from './commands/start.js';
import type { FetchCommandOptions } from './commands/data-fetch.js';
// Each command's module is imported when that command runs, so `robo start` does not load what only
// `robo journal` or `robo plugins` needs (docs/performance.md, startup). `cost` stays static: its option
// parsers and choices are part of the command line's definition (and `start` loads the cost tables anyway).
import { PLANS, ROUNDING_POLICIES, costCommand, parseDateArgument, parseDecimalArgument, type CostCommandOptions } from './commands/cost.js';
import { printError } from './output.js';
import { parseOverride, type ConfigOverride } from '../config/overrides.js';
import { tradeDateArgument } from './trade-window.js';
import type { BacktestCommandOptions } from './commands/backtest.js';
import type { SweepCommandOptions } from './commands/sweep.js';
import { parseAxis, type Axis } from '../sweep/axes.js';
import { SORT_KEY_NAMES } from '../sweep/ranking.js';
import { splitArgument } from '../sweep/split.js';
import { ROBO_VERSION } from '../robo-version.js';

Settings.throwOnInvalid = true;
Settings.defaultZone = 'utc';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function program(): Command {
  const cli = new Command('robo')
    .description('Robo — a strategy host for automated trading on Interactive Brokers, with an embedded simulated broker.')
    .version(ROBO_VERSION)
    .exitOverride()
    // The parser's own errors are printed by main() in Robo's format; help still goes where the parser sends it.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: () => undefined });

  cli.command('start')
    .description('Run a live session: on the embedded simulated broker, bars arrive in accelerated real time until Ctrl-C or the end of the data; on Interactive Brokers (broker kind ib), in real time until Ctrl-C.')
    .argument('<config>', 'path to robo.config.yaml')
    .addOption(new Option('--log-level <level>', 'override log.level from the config').choices(LOG_LEVELS))
    .option('--bars-per-second <n>', 'override data.pace.barsPerSecond', parsePositive('--bars-per-second'))
    .option('--live', 'Interactive Brokers: allow trading a live (real-money) account; needs account.mode: live and --confirm-account')
    .option('--confirm-account <id>', 'Interactive Brokers, with --live: the exact account id you mean to trade (for example U1234567)')
    .option('--json', 'write only JSON lines on stdout: the logs, then the run summary as the last line (the default when stdout is not a terminal)')
    .action(async (config: string, options: StartOptions) => (await import('./commands/start.js')).startCommand(config, options));

  cli.command('init')
    .description('Make a project of your own in <dir> (default: here): package.json depending on robo-trader, the example robo.config.yaml with the robo.schema.json your editor checks it against, .gitignore and a README. Never overwrites a file.')
    .argument('[dir]', 'the folder to create or fill')
    .action(async (dir: string | undefined) => (await import('./commands/init.js')).initCommand(dir));

  cli.command('schema')
    .description('Write the schema your editor checks the config against as you type: the config schema with the params of every strategy kind and the options of every plugin the config names. Run it again after installing or upgrading a plugin.')
    .argument('<config>', 'path to robo.config.yaml (it may still have mistakes; only its plugins must load)')
    .option('--out <file>', 'where to write it (default: robo.schema.json next to the config); - for stdout')
    .action(async (config: string, options: { out?: string }) => (await import('./commands/schema.js')).schemaCommand(config, options));

  cli.command('validate')
    .description('Check a config without trading: exit 0 when valid, 2 with every error (file:line:col path message) when not.')
    .argument('<config>', 'path to robo.config.yaml')
    .action(async (config: string) => (await import('./commands/validate.js')).validateCommand(config));

  cli.command('backtest')
    .description('Replay the config\'s market data as fast as possible through the same host, plugins and strategies, then print a summary.')
    .argument('<config>', 'path to robo.config.yaml')
    .option('--json', 'print exactly one JSON object on stdout (decimal values as strings); logs go to stderr')
    .option('--out <dir>', 'also write trades.csv, orders.csv, fills.csv, equity.csv, equity-bars.csv and summary.json into this folder')
    .option('--report <file>', 'also write the run as one self-contained HTML page (charts, tables, the config) that opens offline')
    .option('--risk-free-rate <percent>', 'annual risk-free rate for Sharpe and Sortino, in percent (default 0)')
    .addOption(new Option('--log-level <level>', 'override log.level from the config').choices(LOG_LEVELS))
    .option('--set <path=value>', 'override a config value before it is validated, e.g. strategies[0].params.fast=10 (repeatable)', collectOverride)
    .option('--from <yyyy-mm-dd>', 'replay only the bars of this New York trade date and later', tradeDateArgument('--from'))
    .option('--to <yyyy-mm-dd>', 'replay only the bars of this New York trade date and earlier', tradeDateArgument('--to'))
    .action(async (config: string, options: BacktestCommandOptions) => (await import('./commands/backtest.js')).backtestCommand(config, options));

  cli.command('sweep')
    .description('Backtest every combination of the values given with --set (ranges a..b:step, lists a,b,c) on worker threads, and print them ranked in one table; each run equals robo backtest --json with the same --set values. See docs/sweeps.md.')
    .argument('<config>', 'path to robo.config.yaml')
    .option('--set <path=values>', 'a value to sweep: strategies[0].params.fast=5..20:5 (a range, both ends included), =30,50,100 (a list) or =10 (one value); repeatable, every combination is run', collectAxis)
    .option('--workers <n>', 'worker threads (default: the machine\'s cores less one, at least 1)', parsePositiveInteger('--workers'))
    .addOption(new Option('--sort <key>', 'rank by this figure, best first (drawdown and costs lowest first)').choices(SORT_KEY_NAMES).default('netPnl'))
    .option('--json', 'print exactly one JSON object on stdout: every run\'s values and summary, ranked')
    .option('--csv <file>', 'also write the table to this CSV file')
    .option('--from <yyyy-mm-dd>', 'replay only the bars of this New York trade date and later', tradeDateArgument('--from'))
    .option('--to <yyyy-mm-dd>', 'replay only the bars of this New York trade date and earlier', tradeDateArgument('--to'))
    .option('--split <percent>', 'walk-forward: run each combination in-sample on this share of the sessions (e.g. 70%) and out-of-sample on the rest; ranked by in-sample', splitArgument)
    .action(async (config: string, options: SweepCommandOptions) => (await import('./commands/sweep.js')).sweepCommand(config, options));

  cli.command('plugins')
    .description('List the plugins a config runs with — built-in and third-party — in install order, with their versions and the hooks each taps, then every hook\'s taps in run order.')
    .argument('<config>', 'path to robo.config.yaml')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (config: string, options: { json?: boolean }) => (await import('./commands/plugins.js')).pluginsCommand(config, options));

  cli.command('journal')
    .description('Print the trade history from the journal robo start keeps: orders and their fate, executions with commissions, costs, positions and cash.')
    .argument('<config>', 'path to robo.config.yaml (its journal.path, .robo/journal.sqlite by default)')
    .option('--json', 'print exactly one JSON object on stdout, every amount a decimal string')
    .action(async (config: string, options: { json?: boolean }) => (await import('./commands/journal.js')).journalCommand(config, options));

  const breaker = cli.command('breaker')
    .description('Show or reset the circuit breaker\'s persisted state: a daily-loss or drawdown halt survives restarts until it is reset here.');
  breaker.command('status')
    .description('Print the trading state (ACTIVE, REDUCING or HALTED), since when and why.')
    .argument('<config>', 'path to robo.config.yaml (its journal, .robo/journal.sqlite by default, holds the state)')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (config: string, options: { json?: boolean }) => (await import('./commands/breaker.js')).breakerStatusCommand(config, options));
  breaker.command('reset')
    .description('Lift a halt: the next robo start begins ACTIVE with a new daily-loss baseline and a new equity peak. Run it while robo is stopped.')
    .argument('<config>', 'path to robo.config.yaml')
    .action(async (config: string) => (await import('./commands/breaker.js')).breakerResetCommand(config));

  cli.command('data')
    .description('Market data for backtests: robo data fetch downloads Interactive Brokers\' historical bars into a cache that data.source: cache replays (docs/data.md).')
    .command('fetch')
    .description('Download IB historical bars through the config\'s IB broker, paced by IB\'s rules, into data/cache next to the config: one CSV file per symbol, bar length and day. A rerun fetches only the days still missing.')
    .option('--symbols <list>', 'symbols separated by commas: SPY,QQQ')
    .option('--from <yyyy-mm-dd>', 'first New York trade date')
    .option('--to <yyyy-mm-dd>', 'last New York trade date, before today')
    .option('--bar <size>', 'bar length: 1s, 5s, 10s, 15s, 30s, 1m, 5m, 15m or 1h')
    .option('--config <file>', 'the config with broker kind ib to connect with (default robo.config.yaml)')
    .option('--cache <folder>', 'where the cache is (default data/cache next to the config)')
    .option('--json', 'print exactly one JSON object on stdout at the end, and no progress bar')
    .addOption(new Option('--log-level <level>', 'log level on stderr (default warn)').choices(LOG_LEVELS))
    .action(async (options: FetchCommandOptions) => (await import('./commands/data-fetch.js')).dataFetchCommand(options));

  cli.command('cost')
    .description('What one order would cost under an IBKR plan: commission and the SEC, FINRA TAF and CAT fees of a New York trade date, from the built-in rates or those a config adds.')
    .addOption(new Option('--plan <plan>', 'commission plan (default: the config\'s, with --config)').choices(PLANS))
    .option('--config <file>', 'take the plan, rounding and any added rates (safety.costs) from this robo.config.yaml')
    .addOption(new Option('--side <side>', 'buy or sell (SEC and TAF fees are on sells only)').choices(['buy', 'sell']).makeOptionMandatory())
    .requiredOption('--quantity <shares>', 'shares in the order, a positive decimal', parseDecimalArgument('--quantity', false))
    .requiredOption('--price <price>', 'price per share in USD, a positive decimal', parseDecimalArgument('--price', false))
    .option('--date <yyyy-mm-dd>', 'New York trade date whose rates apply (default: today in New York)', parseDateArgument)
    .option('--month-volume <shares>', 'ibkr-tiered: shares already traded under Tiered this month (default 0)', parseDecimalArgument('--month-volume', true))
    .addOption(new Option('--rounding <policy>', 'round fees up to the cent per fill or per order (default none: unrounded, as IBKR reports them)').choices(ROUNDING_POLICIES))
    .option('--json', 'print exactly one JSON object on stdout, every amount a decimal string')
    .action(async (options: CostCommandOptions) => costCommand(options));
  return cli;
}

function collectOverride(value: string, previous: readonly ConfigOverride[] | undefined): readonly ConfigOverride[] {
  return [...(previous ?? []), parseOverride(value)];
}

// Repeatable options start undefined (a default of [] would be printed in the help).
function collectAxis(value: string, previous: readonly Axis[] | undefined): readonly Axis[] {
  return [...(previous ?? []), parseAxis(value)];
}

function parsePositiveInteger(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d{1,4}$/.test(value.trim()) || Number(value) < 1) throw new RoboError('ROBO_ERR_USAGE', `${option}: expected a whole number of at least 1, was ${JSON.stringify(value)}`);
    return Number(value);
  };
}

function parsePositive(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new RoboError('ROBO_ERR_USAGE', `${option}: expected a positive number, was ${JSON.stringify(value)}`);
    return n;
  };
}

/** Help and --version end the parser with exit code 0 (or 1 for help shown because no command was given); they printed already. */
const PARSER_OUTPUTS = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version', 'commander.executeSubCommandAsync']);

/** A parser error in Robo's format: the parser's `error: ` prefix off, the usage error's code and fix on. */
function usageError(error: CommanderError): RoboError {
  return new RoboError('ROBO_ERR_USAGE', error.message.replace(/^error: /, ''));
}

/**
 * Node opens its inspector — a debugger anyone on this machine can attach to, inside a process that holds
 * a broker session — on SIGUSR1; a listener of our own keeps it shut. Profile with node --cpu-prof instead
 * (docs/performance.md).
 */
function refuseDebuggerSignal(): void {
  process.on('SIGUSR1', () => {
    process.stderr.write('robo: SIGUSR1 ignored: Robo does not open a debugger while it may trade; to profile, run node --cpu-prof dist/core/cli/main.js …\n');
  });
}

async function main(argv: readonly string[]): Promise<void> {
  watchForClosedStdout();
  refuseDebuggerSignal();
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0 && !PARSER_OUTPUTS.has(error.code)) printError(usageError(error));
      process.exitCode = error.exitCode === 0 ? 0 : ERROR_CATALOG.ROBO_ERR_USAGE.exit;
      return;
    }
    if (isRoboError(error)) {
      printError(error);
      process.exitCode = error.exitCode;
      return;
    }
    printError(new RoboError('ROBO_ERR_INTERNAL', messageOf(error), { cause: error }));
    if (error instanceof Error && error.stack && process.env['ROBO_DEBUG']) process.stderr.write(`${error.stack}\n`);
    process.exitCode = ERROR_CATALOG.ROBO_ERR_INTERNAL.exit;
  }
}

await main(process.argv);
