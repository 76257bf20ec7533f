/** How the CLI tells a person what went wrong: the message, every detail line, the code and how to fix it — no stack trace. */
import type { RoboError } from '../domain/errors.js';

export function printError(error: RoboError): void {
  const lines = [`robo: ${error.message}`, ...error.details, `  ${error.code}: ${error.fix}`];
  process.stderr.write(`${lines.join('\n')}\n`);
}
