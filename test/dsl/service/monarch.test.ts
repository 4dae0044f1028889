import { readFile } from 'node:fs/promises';
import type { IToken, TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { functionSignatures } from '../../../dsl/check/functions.ts';
import { languageConfiguration, monarchLanguage, PULSE_LANGUAGE_ID, type MonarchAction } from '../../../dsl/service/monarch.ts';
import * as t from '../../../dsl/syntax/tokens.ts';

/**
 * A tiny Monarch matcher over the root rules, enough to compare with the lexer: at each offset
 * the first rule whose regular expression matches there wins, as in Monaco.
 */
function monarchTokens(text: string): { image: string; token: string }[] {
  const rules = monarchLanguage.tokenizer.root.map(([regex, action]) =>
    [new RegExp(`^(?:${regex.source})`, monarchLanguage.ignoreCase ? 'i' : ''), action] as const);
  const found: { image: string; token: string }[] = [];
  let offset = 0;
  while (offset < text.length) {
    const rest = text.slice(offset);
    const rule = rules.map(([regex, action]) => [regex.exec(rest)?.[0], action] as const).find(([match]) => match);
    if (!rule) {
      found.push({ image: rest[0]!, token: monarchLanguage.defaultToken });
      offset += 1;
      continue;
    }
    const [image, action] = rule as readonly [string, MonarchAction];
    if (action !== 'white') found.push({ image, token: resolve(action, image) });
    offset += image.length;
  }
  return found;
}

function resolve(action: MonarchAction, image: string): string {
  if (typeof action === 'string') {
    if (action !== '@brackets') return action;
    return monarchLanguage.brackets.find((bracket) => bracket.open === image || bracket.close === image)!.token;
  }
  const word = image.toLowerCase();
  if (monarchLanguage.keywords.includes(word)) return action.cases['@keywords']!;
  if (monarchLanguage.functions.includes(word)) return action.cases['@functions']!;
  return action.cases['@default']!;
}

const functionNames = new Set(functionSignatures.map((signature) => signature.name as string));

/** The class a lexer token should get in the editor, written independently of monarch.ts. */
function expectedClass(token: IToken): string {
  const type = token.tokenType;
  if (t.keywords.includes(type)) return 'keyword';
  if (type === t.Identifier) return functionNames.has(token.image.toLowerCase()) ? 'predefined' : 'identifier';
  const classes = new Map<TokenType, string>([
    [t.QuotedIdentifier, 'identifier.quoted'], [t.NumberLiteral, 'number'], [t.DateLiteral, 'number.date'],
    [t.StringLiteral, 'string'], [t.LabelLiteral, 'string.label'], [t.Comment, 'comment'],
    [t.LParen, 'delimiter.parenthesis'], [t.RParen, 'delimiter.parenthesis'], [t.LBrace, 'delimiter.curly'], [t.RBrace, 'delimiter.curly'],
    [t.Comma, 'delimiter'], [t.Colon, 'delimiter'], [t.Dot, 'delimiter'],
  ]);
  return classes.get(type) ?? 'operator';
}

function lexerTokens(text: string): { image: string; token: string }[] {
  const lexed = t.pulseLexer.tokenize(text);
  return [...lexed.tokens, ...(lexed.groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((token) => ({ image: token.image, token: expectedClass(token) }));
}

describe('the Monarch grammar', () => {
  it('is for the language id pulse and ignores case', () => {
    expect(PULSE_LANGUAGE_ID).toBe('pulse');
    expect(monarchLanguage.ignoreCase).toBe(true);
  });

  it('lists every spelling of every keyword of the lexer', () => {
    const spellings = ['entity', 'key', 'source', 'time', 'asof', 'measure', 'score', 'segment', 'weight', 'band', 'else', 'missing',
      'reweight', 'zero', 'grades', 'count', 'distinct', 'sum', 'avg', 'min', 'max', 'median', 'latest', 'first', 'where', 'during',
      'last', 'to', 'ago', 'and', 'or', 'not', 'is', 'in', 'between', 'null', 'true', 'false',
      'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'];
    expect([...monarchLanguage.keywords].sort()).toEqual(spellings.sort());
    for (const type of t.keywords) {
      const listed = monarchLanguage.keywords.filter((word) => {
        const lexed = t.pulseLexer.tokenize(word).tokens;
        return lexed.length === 1 && lexed[0]!.tokenType === type;
      });
      expect(listed.length, type.name).toBeGreaterThan(0);
    }
  });

  it('lists the functions of the checker', () => {
    expect([...monarchLanguage.functions].sort()).toEqual(
      ['abs', 'clamp', 'coalesce', 'days_between', 'days_since', 'days_until', 'greatest', 'least', 'round']);
  });

  it('classifies sample words as the lexer does', () => {
    const samples = [
      'entity', 'MEASURE', 'Score', 'days', 'Day', 'dayss', 'weekly', 'during', 'counts', 'count', 'clamp', 'Clamp', 'clamped',
      'seats', '_x1', '`Total Charges`', '`first`', '42', '0.7', '.5', '1e3', '2025-06-30', '2025-06-3', "'it''s'", "''",
      '"Account health"', '"say ""hi"""', '# a comment', '>=', '<=', '!=', '<>', '>', '<', '=', '+', '-', '*', '/',
      '(', ')', '{', '}', ',', ':', '.',
    ];
    for (const sample of samples) {
      expect(monarchTokens(sample), sample).toEqual(lexerTokens(sample));
    }
  });

  it('tokenizes the DESIGN.md §3 example line by line as the lexer does', async () => {
    const example = await readFile(new URL('./golden/design-example.pulse', import.meta.url), 'utf8');
    for (const line of example.split('\n')) expect(monarchTokens(line), line).toEqual(lexerTokens(line));
  });

  it('reads a date before a number and marks an unclosed string', () => {
    expect(monarchTokens('asof 2025-06-30')).toEqual([{ image: 'asof', token: 'keyword' }, { image: '2025-06-30', token: 'number.date' }]);
    expect(monarchTokens("tier = 'gol")).toEqual([
      { image: 'tier', token: 'identifier' }, { image: '=', token: 'operator' }, { image: "'gol", token: 'string.invalid' },
    ]);
  });
});

describe('the language configuration', () => {
  it('knows # comments, both brackets and the quotes that close themselves', () => {
    expect(languageConfiguration.comments).toEqual({ lineComment: '#' });
    expect(languageConfiguration.brackets).toEqual([['{', '}'], ['(', ')']]);
    expect(languageConfiguration.autoClosingPairs.map((pair) => pair.open + pair.close)).toEqual(['{}', '()', "''", '""', '``']);
  });
});
