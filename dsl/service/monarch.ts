import type { TokenType } from 'chevrotain';
import { functionSignatures } from '../check/functions.ts';
import * as t from '../syntax/tokens.ts';
import { allKeywordSpellings } from './keywords.ts';

/*
 * The highlighting grammar of the rules language for Monaco, as plain data: the browser passes
 * these objects to `monaco.languages.setMonarchTokensProvider` and `setLanguageConfiguration`.
 * The interfaces below are the parts of Monaco's types this uses, so that nothing here imports
 * monaco-editor. Patterns are the lexer's own (dsl/syntax/tokens.ts), so the two cannot drift.
 */

/** The language id the editor registers. */
export const PULSE_LANGUAGE_ID = 'pulse';

/** A Monarch action: a token class, or a choice by the matched word (`@keywords` → 'keyword'). */
export type MonarchAction = string | { readonly cases: Readonly<Record<string, string>> };

export type MonarchRule = readonly [RegExp, MonarchAction];

export interface MonarchLanguage {
  readonly ignoreCase: boolean;
  readonly defaultToken: string;
  readonly tokenPostfix: string;
  readonly keywords: readonly string[];
  readonly functions: readonly string[];
  readonly brackets: readonly { readonly open: string; readonly close: string; readonly token: string }[];
  readonly tokenizer: { readonly root: readonly MonarchRule[] };
}

export interface LanguageConfiguration {
  readonly comments: { readonly lineComment: string };
  readonly brackets: readonly (readonly [string, string])[];
  readonly autoClosingPairs: readonly { readonly open: string; readonly close: string; readonly notIn?: readonly string[] }[];
  readonly surroundingPairs: readonly { readonly open: string; readonly close: string }[];
  readonly wordPattern: RegExp;
  readonly indentationRules: { readonly increaseIndentPattern: RegExp; readonly decreaseIndentPattern: RegExp };
}

function pattern(type: TokenType): RegExp {
  if (!(type.PATTERN instanceof RegExp)) throw new Error(`token ${type.name} has no regular expression`);
  return type.PATTERN;
}

/** One regular expression matching any of the tokens, in the order given. */
function anyOf(types: readonly TokenType[]): RegExp {
  return new RegExp(types.map((type) => pattern(type).source).join('|'));
}

/** The Monarch tokenizer of the rules language, for the language id `pulse`. */
export const monarchLanguage: MonarchLanguage = {
  ignoreCase: true,
  defaultToken: 'invalid',
  tokenPostfix: '.pulse',
  keywords: allKeywordSpellings(),
  functions: functionSignatures.map((signature) => signature.name),
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
  ],
  tokenizer: {
    root: [
      [/[ \t\r\n\f\v\u00a0\ufeff]+/, 'white'],
      [pattern(t.Comment), 'comment'],
      // A date before a number, or `2025-06-30` would read as a number and two negative ones.
      [pattern(t.DateLiteral), 'number.date'],
      [pattern(t.NumberLiteral), 'number'],
      [pattern(t.StringLiteral), 'string'],
      [/'(?:[^'\n]|'')*$/, 'string.invalid'],
      [pattern(t.LabelLiteral), 'string.label'],
      [/"(?:[^"\n]|"")*$/, 'string.invalid'],
      [pattern(t.QuotedIdentifier), 'identifier.quoted'],
      [pattern(t.Identifier), { cases: { '@keywords': 'keyword', '@functions': 'predefined', '@default': 'identifier' } }],
      [anyOf([...t.comparisonTokens, t.Plus, t.Minus, t.Star, t.Slash]), 'operator'],
      [anyOf([t.LBrace, t.RBrace, t.LParen, t.RParen]), '@brackets'],
      [anyOf([t.Comma, t.Colon, t.Dot]), 'delimiter'],
    ],
  },
};

/** Comments, brackets and auto-closing pairs for the editor. */
export const languageConfiguration: LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [['{', '}'], ['(', ')']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
    { open: '`', close: '`', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: "'", close: "'" },
    { open: '"', close: '"' },
    { open: '`', close: '`' },
  ],
  wordPattern: /[A-Za-z_][A-Za-z0-9_]*/,
  indentationRules: { increaseIndentPattern: /\{\s*(#.*)?$/, decreaseIndentPattern: /^\s*\}/ },
};
