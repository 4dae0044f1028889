import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The tokens of the rules language (DESIGN.md §3). Keywords are case-insensitive. Most are
 * reserved: a name that is one must be written in backticks (`` `first` ``) or after a dot
 * (`nps.score`). The words that only ever appear where no name can — units, `last`, `to`,
 * `ago`, `key`, `time`, `weight`, `reweight`, `zero` — are soft: they are names everywhere
 * else (a measure may be called `month`). A keyword token wins over `Identifier` only where
 * the whole word matches (`longer_alt`).
 */

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
/** A name in backticks: any characters but backtick, line breaks and NUL, e.g. `` `Total Charges` ``. */
export const QuotedIdentifier = createToken({ name: 'QuotedIdentifier', pattern: /`[^`\n\r\0]+`/ });

const keywordTokens: TokenType[] = [];
const softKeywordTokens: TokenType[] = [];
function keyword(word: string, options: { soft?: boolean; pattern?: RegExp; name?: string } = {}): TokenType {
  const token = createToken({
    name: options.name ?? word[0]!.toUpperCase() + word.slice(1),
    pattern: options.pattern ?? new RegExp(word, 'i'),
    longer_alt: Identifier,
    // A soft keyword is also an Identifier, so the parser accepts it wherever a name goes.
    ...(options.soft ? { categories: [Identifier] } : {}),
  });
  keywordTokens.push(token);
  if (options.soft) softKeywordTokens.push(token);
  return token;
}

export const Entity = keyword('entity');
export const Key = keyword('key', { soft: true });
export const Source = keyword('source');
export const Time = keyword('time', { soft: true });
export const Asof = keyword('asof');
export const Measure = keyword('measure');
export const Score = keyword('score');
export const Segment = keyword('segment');
export const Weight = keyword('weight', { soft: true });
export const Band = keyword('band');
export const Else = keyword('else');
export const Missing = keyword('missing');
export const Reweight = keyword('reweight', { soft: true });
export const Zero = keyword('zero', { soft: true });
export const Grades = keyword('grades');
export const Count = keyword('count');
export const Distinct = keyword('distinct');
export const Sum = keyword('sum');
export const Avg = keyword('avg');
export const Min = keyword('min');
export const Max = keyword('max');
export const Median = keyword('median');
export const Latest = keyword('latest');
export const First = keyword('first');
export const Where = keyword('where');
export const During = keyword('during');
export const Last = keyword('last', { soft: true });
export const To = keyword('to', { soft: true });
export const Ago = keyword('ago', { soft: true });
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const Is = keyword('is');
export const In = keyword('in');
export const Between = keyword('between');
export const Null = keyword('null');
export const True = keyword('true');
export const False = keyword('false');

/** Duration units; singular and plural spell the same unit. */
export const DayUnit = keyword('days', { soft: true, name: 'DayUnit', pattern: /days?/i });
export const WeekUnit = keyword('weeks', { soft: true, name: 'WeekUnit', pattern: /weeks?/i });
export const MonthUnit = keyword('months', { soft: true, name: 'MonthUnit', pattern: /months?/i });
export const YearUnit = keyword('years', { soft: true, name: 'YearUnit', pattern: /years?/i });

export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}(?![0-9A-Za-z_])/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/ });
// Strings, labels and quoted names stop at a line break (a lone \r too, so that line numbers
// stay right) and refuse NUL, which SQL could not carry.
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^'\n\r\0]|'')*'/ });
/** A display label in double quotes: `score health "Account health"`. */
export const LabelLiteral = createToken({ name: 'LabelLiteral', pattern: /"(?:[^"\n\r\0]|"")*"/ });

export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=/ });
export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=/ });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /!=|<>/ });
export const Greater = createToken({ name: 'Greater', pattern: />/ });
export const Less = createToken({ name: 'Less', pattern: /</ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

/** `#` to the end of the line. Kept in a group so that the formatter can put comments back. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });

/** Every keyword, for completion and the highlighting grammar. */
export const keywords: readonly TokenType[] = keywordTokens;

/** The keywords that are also names outside their own places. */
export const softKeywords: readonly TokenType[] = softKeywordTokens;

/** The keywords a name cannot be unless written in backticks or after a dot. */
export const reservedKeywords: readonly TokenType[] = keywordTokens.filter((token) => !softKeywordTokens.includes(token));

/** The comparison operators, in the order the lexer must try them. */
export const comparisonTokens: readonly TokenType[] = [GreaterEqual, LessEqual, NotEqual, Greater, Less, Equals];

export const allTokens: TokenType[] = [
  WhiteSpace, Comment,
  // A date must win over a number followed by minus signs; a number over a dot.
  DateLiteral, NumberLiteral, StringLiteral, LabelLiteral, QuotedIdentifier,
  ...keywordTokens,
  Identifier,
  ...comparisonTokens,
  Plus, Minus, Star, Slash, LParen, RParen, LBrace, RBrace, Comma, Colon, Dot,
];

/** The lexer. Characters it does not know become lexing errors, never exceptions. */
export const pulseLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
