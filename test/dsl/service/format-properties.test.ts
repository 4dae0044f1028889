import type { IToken } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../../dsl/service/format.ts';
import { parse } from '../../../dsl/syntax/parse.ts';
import { keywords, pulseLexer } from '../../../dsl/syntax/tokens.ts';
import { formatCorpus } from './format-corpus.ts';

/*
 * Properties of the formatter over random layouts of the corpus: each text is re-laid with
 * random whitespace, blank lines, comments and keyword case between its tokens, then formatted.
 */

// PULSE_FC_RUNS=2000 for a longer search than the default 100 runs.
fc.configureGlobal({ numRuns: Number(process.env.PULSE_FC_RUNS ?? 100) });

const keywordTypes = new Set(keywords);

/** Separators between tokens; `#` marks where a numbered comment goes. */
const separators = ['', ' ', '   ', '\t', '\n', '\n\n', '\n\n\n', '\n      ', ' #\n', '\n#\n', '\n\n   #\n\n', '  #\n  '];
const casings = [(word: string) => word, (word: string) => word.toLowerCase(), (word: string) => word.toUpperCase(),
  (word: string) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()];

/** True when two token texts written together lex as those two tokens. */
function joinable(a: string, b: string): boolean {
  const lexed = pulseLexer.tokenize(a + b);
  return lexed.errors.length === 0 && lexed.tokens.length === 2 && lexed.tokens[0]!.image === a && lexed.tokens[1]!.image === b;
}

interface LayoutOptions {
  /** Separators to choose from; `#` marks where a numbered comment goes. */
  readonly separators: readonly string[];
  /** Change the case of keywords at random. */
  readonly recase: boolean;
  /** Keep the text's own comments. */
  readonly comments: boolean;
}

/** A random layout of `text`: the same tokens (and comments) in the same order, with new spacing. */
function relaid(text: string, options: LayoutOptions = { separators, recase: true, comments: true }): fc.Arbitrary<string> {
  const parsed = parse(text);
  const elements: IToken[] = [...parsed.tokens, ...(options.comments ? parsed.comments : [])].sort((a, b) => a.startOffset - b.startOffset);
  const count = elements.length;
  return fc.tuple(
    fc.array(fc.nat(options.separators.length - 1), { minLength: count + 1, maxLength: count + 1 }),
    fc.array(fc.nat(casings.length - 1), { minLength: count, maxLength: count }),
  ).map(([separatorChoices, caseChoices]) => {
    let comment = 0;
    const separator = (index: number, before: string | undefined, after: string | undefined, afterComment: boolean): string => {
      let chosen = options.separators[separatorChoices[index]!]!.replaceAll('#', () => `# note ${++comment}`);
      if (afterComment && !chosen.startsWith('\n')) chosen = `\n${chosen}`;
      if (chosen === '' && before !== undefined && after !== undefined && !joinable(before, after)) chosen = ' ';
      return chosen;
    };
    const images = elements.map((element, index) =>
      (options.recase && keywordTypes.has(element.tokenType) ? casings[caseChoices[index]!]!(element.image) : element.image));
    let out = separator(0, undefined, images[0], false).trimStart();
    elements.forEach((element, index) => {
      out += images[index]!;
      out += separator(index + 1, images[index], images[index + 1], element.tokenType.name === 'Comment');
    });
    return out;
  });
}

const corpus = fc.constantFrom(...Object.values(formatCorpus)).chain(relaid);

/** A syntax tree without its source ranges: what the text means, not where it was written. */
function meaning(text: string): unknown {
  return JSON.parse(JSON.stringify(parse(text).model, (key, value: unknown) => (key === 'range' ? undefined : value)));
}

function comments(text: string): string[] {
  return parse(text).comments.map((comment) => comment.image.trimEnd());
}

describe('formatter properties over random layouts of the corpus', () => {
  it('random layouts are valid texts (the generator is sound)', () => {
    fc.assert(fc.property(corpus, (text) => {
      expect(parse(text).diagnostics).toEqual([]);
    }));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(corpus, (text) => {
      const once = formatText(text);
      expect(formatText(once)).toBe(once);
    }));
  });

  it('preserves the meaning: the same syntax tree, ranges aside', () => {
    fc.assert(fc.property(corpus, (text) => {
      const formatted = formatText(text);
      expect(parse(formatted).diagnostics).toEqual([]);
      expect(meaning(formatted)).toEqual(meaning(text));
    }));
  });

  it('never loses, adds or reorders a comment', () => {
    fc.assert(fc.property(corpus, (text) => {
      expect(comments(formatText(text))).toEqual(comments(text));
    }));
  });

  it('writes the same layout whatever spaces and single line breaks the input had', () => {
    const spacing = { separators: ['', ' ', '   ', '\t', '\n', '\n    ', ' \n '], recase: false, comments: false };
    const pairs = fc.constantFrom(...Object.values(formatCorpus)).chain((text) =>
      fc.tuple(relaid(text, spacing), fc.constant(parse(text).tokens.map((token) => token.image).join(' '))));
    fc.assert(fc.property(pairs, ([layout, oneLine]) => {
      expect(formatText(layout)).toBe(formatText(oneLine));
    }));
  });

  it('leaves no trailing spaces, tabs or double blank lines', () => {
    fc.assert(fc.property(corpus, (text) => {
      const formatted = formatText(text);
      expect(formatted).not.toMatch(/[ \t]\n|\t|\n\n\n|^\n/);
      if (formatted !== '') expect(formatted.endsWith('\n')).toBe(true);
    }));
  });
});

describe('formatter properties over arbitrary text', () => {
  it('is idempotent and never throws, and leaves a text with syntax errors alone', () => {
    const pieces = fc.constantFrom('measure', 'score', 'x', '=', '(', ')', '{', '}', ',', ':', 'band', '>=', '1', "'a'", '#c\n', '\n', ' ', 'weight', 'count', 'usage', '.', 'where');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(pieces).map((parts) => parts.join(' '))), (text) => {
      const once = formatText(text);
      expect(formatText(once)).toBe(once);
      if (parse(text).diagnostics.length > 0) expect(once).toBe(text);
    }), { numRuns: 300 });
  });
});
