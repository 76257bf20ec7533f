/**
 * A checked program to closures over an Environment. Every reader is bound here, once; a call allocates
 * nothing and looks nothing up. Every part is evaluated on every call (no short-circuit), so stateful
 * functions see every bar. Numbers are NaN until ready; conditions are undefined until ready.
 */
import { RoboError } from '../../../core/domain/errors.js';
import type { Environment } from './contract.js';
import type { Program } from './check.js';
import { FUNCTIONS, type ConditionReader, type NumberReader } from './functions.js';

export function compileNumber(program: Program, env: Environment): NumberReader {
  switch (program.kind) {
    case 'number': {
      const value = program.value;
      return () => value;
    }
    case 'series': {
      const read = env.series(program.name, program.output);
      const ago = program.ago;
      return () => read(ago);
    }
    case 'state':
      return env.state(program.name);
    case 'negate': {
      const operand = compileNumber(program.operand, env);
      return () => -operand();
    }
    case 'arithmetic': {
      const left = compileNumber(program.left, env);
      const right = compileNumber(program.right, env);
      switch (program.op) {
        case '+':
          return () => left() + right();
        case '-':
          return () => left() - right();
        case '*':
          return () => left() * right();
        case '/':
          // Division by zero is "no value", never Infinity.
          return () => {
            const dividend = left();
            const divisor = right();
            return divisor === 0 ? NaN : dividend / divisor;
          };
      }
      break;
    }
    case 'call':
      return FUNCTIONS.get(program.name)!.build(program.args.map((arg) => compileNumber(arg, env)), env) as NumberReader;
    case 'boolean':
    case 'compare':
    case 'not':
    case 'logic':
      break;
  }
  // The checker gives every node its type, so this is unreachable unless checker and compiler disagree.
  throw new RoboError('ROBO_ERR_INTERNAL', `the rules compiler was given a ${program.kind} where the checker found a number`);
}

export function compileCondition(program: Program, env: Environment): ConditionReader {
  switch (program.kind) {
    case 'boolean': {
      const value = program.value;
      return () => value;
    }
    case 'series':
    case 'state': {
      // A condition held as a number: NaN is not ready, 0 is false, anything else true.
      const read = compileNumber({ ...program, type: 'number' }, env);
      return () => {
        const value = read();
        return value !== value ? undefined : value !== 0;
      };
    }
    case 'compare':
      return program.operands === 'number' ? compareNumbers(program, env) : compareConditions(program, env);
    case 'not': {
      const operand = compileCondition(program.operand, env);
      return () => {
        const value = operand();
        return value === undefined ? undefined : !value;
      };
    }
    case 'logic': {
      const left = compileCondition(program.left, env);
      const right = compileCondition(program.right, env);
      if (program.op === 'and') {
        return () => {
          const a = left();
          const b = right();
          if (a === false || b === false) return false;
          return a === undefined || b === undefined ? undefined : true;
        };
      }
      return () => {
        const a = left();
        const b = right();
        if (a === true || b === true) return true;
        return a === undefined || b === undefined ? undefined : false;
      };
    }
    case 'call':
      return FUNCTIONS.get(program.name)!.build(program.args.map((arg) => compileNumber(arg, env)), env) as ConditionReader;
    case 'number':
    case 'negate':
    case 'arithmetic':
      break;
  }
  throw new RoboError('ROBO_ERR_INTERNAL', `the rules compiler was given a ${program.kind} where the checker found a condition`);
}

function compareNumbers(program: Program & { kind: 'compare' }, env: Environment): ConditionReader {
  const left = compileNumber(program.left, env);
  const right = compileNumber(program.right, env);
  const test = NUMBER_TESTS[program.op];
  return () => {
    const a = left();
    const b = right();
    return a !== a || b !== b ? undefined : test(a, b);
  };
}

function compareConditions(program: Program & { kind: 'compare' }, env: Environment): ConditionReader {
  const left = compileCondition(program.left, env);
  const right = compileCondition(program.right, env);
  const equal = program.op === '==';
  return () => {
    const a = left();
    const b = right();
    return a === undefined || b === undefined ? undefined : (a === b) === equal;
  };
}

const NUMBER_TESTS: Readonly<Record<Extract<Program, { kind: 'compare' }>['op'], (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};
