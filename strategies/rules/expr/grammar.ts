/**
 * The grammar of the rules language, built once at module load. It accepts a few forms the language
 * refuses (`&&`, `||`, `!`, `=`, chained comparisons) so the checker can name them in plain words,
 * together with every other problem, instead of stopping at a bare syntax error.
 */
import * as ohm from 'ohm-js';

const SOURCE = String.raw`
Rules {
  Exp = Or

  Or = Or orOp And  -- binary
     | And
  And = And andOp Not  -- binary
      | Not
  Not = notOp Not  -- not
      | Compare
  Compare = Sum (compareOp Sum)+  -- compare
          | Sum
  Sum = Sum addOp Product  -- binary
      | Product
  Product = Product mulOp Unary  -- binary
          | Unary
  Unary = "-" Unary  -- negate
        | Postfix
  Postfix = Postfix "[" Exp "]"  -- history
          | Primary
  Primary = "(" Exp ")"  -- paren
          | ident "(" ListOf<Exp, ","> ")"  -- call
          | ident "." ident  -- member
          | time
          | number
          | ident  -- name

  orOp = "or" ~identPart  -- word
       | "||"  -- symbol
  andOp = "and" ~identPart  -- word
        | "&&"  -- symbol
  notOp = "not" ~identPart  -- word
        | "!" ~"="  -- symbol
  compareOp = "==" | "!=" | "<=" | ">=" | "<" | ">" | "="
  addOp = "+" | "-"
  mulOp = "*" | "/"

  time = digit digit? ":" digit digit ~digit
  number = digit+ fraction? exponent? ~identStart
  fraction = "." digit+
  exponent = ("e" | "E") ("+" | "-")? digit+

  ident = ~keyword identStart identPart*
  identStart = letter | "_"
  identPart = alnum | "_"
  keyword = ("and" | "or" | "not") ~identPart
}
`;

export const grammar: ohm.Grammar = ohm.grammar(SOURCE);
