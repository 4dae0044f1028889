import { EOF, type IToken, type TokenType } from 'chevrotain';
import * as t from './tokens.ts';

const punctuation = new Map<TokenType, string>([
  [t.GreaterEqual, '>='], [t.LessEqual, '<='], [t.NotEqual, '!='], [t.Greater, '>'], [t.Less, '<'], [t.Equals, '='],
  [t.Plus, '+'], [t.Minus, '-'], [t.Star, '*'], [t.Slash, '/'], [t.LParen, '('], [t.RParen, ')'],
  [t.LBrace, '{'], [t.RBrace, '}'], [t.Comma, ','], [t.Colon, ':'], [t.Dot, '.'],
]);

const kinds = new Map<TokenType, string>([
  [t.Identifier, 'a name'], [t.QuotedIdentifier, 'a name'], [t.NumberLiteral, 'a number'],
  [t.StringLiteral, 'a string'], [t.DateLiteral, 'a date'], [t.LabelLiteral, 'a label'],
  [t.DayUnit, 'days'], [t.WeekUnit, 'weeks'], [t.MonthUnit, 'months'], [t.YearUnit, 'years'],
]);

/** How a kind of token is named in messages: `=`, `where`, "a number", "the end". */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return 'the end';
  const symbol = punctuation.get(type);
  if (symbol) return `\`${symbol}\``;
  return kinds.get(type) ?? `\`${type.name.toLowerCase()}\``;
}

/** How a token found in the text is named in messages: `count`, "the end". */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end';
  return `\`${token.image}\``;
}
