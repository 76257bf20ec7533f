/** docs/strategies-language.md keeps its promises: its function table is the functions table, its problems are the ones reported. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkExpression, FUNCTIONS } from '../../../../strategies/rules/expr/index.js';
import { NAMES } from './fake-environment.js';

const page = readFileSync(new URL('../../../../docs/strategies-language.md', import.meta.url), 'utf8');

describe('docs/strategies-language.md', () => {
  it.each([...FUNCTIONS])('when %s is a function then the function table lists it with its arguments, type and meaning', (name, info) => {
    // Arrange
    const signature = `${name}(${info.params.join(', ')}${info.variadic ? ', ...' : ''})`;

    // Assert
    expect(page).toContain(`| \`${signature}\` | ${info.returns} | ${info.description} |`);
  });

  const section = page.slice(page.indexOf('## Problems'));
  const rows = [...section.matchAll(/^\| `([^`]+)`( as a stop distance)?[^|]* \| (.+) \|$/gmu)].map((m) => [m[1]!, m[2] === undefined ? 'condition' : 'number', m[3]!] as const);

  it('when the problems table is read then it has every row', () => {
    // Assert
    expect(rows).toHaveLength(14);
  });

  it.each(rows)('when %j is checked as a %s then the first problem is the one the page shows', (text, type, message) => {
    // Act
    const result = checkExpression(text, type, NAMES);

    // Assert
    expect('problems' in result && result.problems[0]?.message).toBe(message);
  });
});
