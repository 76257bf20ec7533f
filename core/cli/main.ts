#!/usr/bin/env node
/**
 * The `robo` command line: start, validate, backtest. Every failure prints its code, what went wrong and
 * how to fix it, and sets the documented exit code; the process is never killed with process.exit, so a
 * leaked handle shows up as a process that does not end instead of being hidden.
 */
import { Command, CommanderError, Option } from 'commander';
import { Settings } from 'luxon';
import { ERROR_CATALOG, RoboError, isRoboError, messageOf } from '../domain/errors.js';
import { startCommand } from './commands/start.js';
import { validateCommand } from './commands/validate.js';
import { backtestCommand } from './commands/backtest.js';
import { printError } from './output.js';

Settings.throwOnInvalid = true;
Settings.defaultZone = 'utc';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function program(): Command {
  const cli = new Command('robo')
    .description('Robo — a strategy host for automated trading on Interactive Brokers, with an embedded simulated broker.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run robo --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  cli.command('start')
    .description('Run a live session: on the embedded simulated broker, bars arrive in accelerated real time until Ctrl-C or the end of the data.')
    .argument('<config>', 'path to robo.config.yaml')
    .addOption(new Option('--log-level <level>', 'override log.level from the config').choices(LOG_LEVELS))
    .option('--bars-per-second <n>', 'override data.pace.barsPerSecond', parsePositive)
    .action(async (config: string, options: { logLevel?: string; barsPerSecond?: number }) => startCommand(config, options));

  cli.command('validate')
    .description('Check a config without trading: exit 0 when valid, 2 with every error (file:line:col path message) when not.')
    .argument('<config>', 'path to robo.config.yaml')
    .action(async (config: string) => validateCommand(config));

  cli.command('backtest')
    .description('Replay the config\'s market data as fast as possible through the same host, plugins and strategies, then print a summary.')
    .argument('<config>', 'path to robo.config.yaml')
    .option('--json', 'print exactly one JSON object on stdout (decimal values as strings); logs go to stderr')
    .addOption(new Option('--log-level <level>', 'override log.level from the config').choices(LOG_LEVELS))
    .action(async (config: string, options: { json?: boolean; logLevel?: string }) => backtestCommand(config, options));
  return cli;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new RoboError('ROBO_ERR_USAGE', `expected a positive number, was ${JSON.stringify(value)}`);
  return n;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
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
