/** Puts problems in reading order, once each, and writes them as `<file>:<line>:<col> <path> <message>` lines. */
import { formatPath } from './problem.js';
import type { ConfigProblem } from './problem.js';
import { clip } from '../quote.js';

/** Sorted by line, then column, then path; a problem reported twice (same place, same words) is kept once. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = `${problem.line}:${problem.col}:${formatPath(problem.path)}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.col - b.col || compareText(formatPath(a.path), formatPath(b.path)) || compareText(a.message, b.message));
}

/** One entry per problem; the schema's description, when there is one, follows on its own line after `  -> `. */
export function formatProblem(file: string, problem: ConfigProblem): string {
  // A key may be any length; the place and what is wrong with it are told in a line a person can read.
  const head = `${file}:${problem.line}:${problem.col} ${clip(formatPath(problem.path), 120)} ${clip(problem.message, 400)}`;
  return problem.hint === undefined ? head : `${head}\n  -> ${problem.hint}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
