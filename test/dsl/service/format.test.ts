import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../../dsl/service/format.ts';
import { parse } from '../../../dsl/syntax/parse.ts';
import { expectGolden } from '../../helpers/golden.ts';
import { formatCorpus } from './format-corpus.ts';

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url).pathname;

describe('formatText', () => {
  it('formats the DESIGN.md §3 example to the reviewed layout', async () => {
    const source = await readFile(golden('design-example.pulse'), 'utf8');
    await expectGolden(golden('design-example.formatted.pulse'), formatText(source));
  });

  it('puts one statement on a line, with single spaces and keywords in lower case', () => {
    expect(formatText('MEASURE   x=count ( usage   WHERE event=\'a\'DURING LAST 30 Days )  Segment s = x>1')).toBe(
      "measure x = count(usage where event = 'a' during last 30 days)\nsegment s = x > 1\n");
  });

  it('joins a statement written over several lines', () => {
    expect(formatText('measure x =\n  a\n  +\n  b\n\n  * c')).toBe('measure x = a + b * c\n');
  });

  it('writes commas, parentheses, dots, unary minus and calls the one way', () => {
    expect(formatText('measure x = clamp( - a , -( b-1 ) ,least( c,d ))*-2 + usage . x')).toBe(
      'measure x = clamp(-a, -(b - 1), least(c, d)) * -2 + usage.x\n');
    expect(formatText("segment s = t not in('a','b')and not(x between - 1 and 2)")).toBe(
      "segment s = t not in ('a', 'b') and not (x between -1 and 2)\n");
  });

  it('writes bands on one line with spaces inside the braces and after colons', () => {
    expect(formatText('measure b = band x {>=20:100,\n >= 5 : 60 ,\n else:-10,missing : 0}')).toBe(
      'measure b = band x { >= 20: 100, >= 5: 60, else: -10, missing: 0 }\n');
  });

  it('writes a score block with one item per line, indented two spaces', () => {
    expect(formatText('score h "Health" { a weight 60 = band x { >= 1: 100, else: 0 } b weight 40 = y missing zero grades { g >= 50 , r } }'))
      .toBe('score h "Health" {\n  a weight 60 = band x { >= 1: 100, else: 0 }\n  b weight 40 = y\n  missing zero\n  grades { g >= 50, r }\n}\n');
  });

  it('keeps at most one blank line between statements, and none at the ends', () => {
    expect(formatText('\n\n\nmeasure a = 1\n\n\n\nmeasure b = 2\nmeasure c = 3\n\n\n')).toBe('measure a = 1\n\nmeasure b = 2\nmeasure c = 3\n');
  });

  it('keeps blank lines between score items but not at the top or bottom of the block', () => {
    expect(formatText('score h {\n\n  a weight 1 = x\n\n\n  b weight 1 = y\n\n}')).toBe('score h {\n  a weight 1 = x\n\n  b weight 1 = y\n}\n');
  });

  it('keeps end-of-line comments at the end of their line, two spaces before #', () => {
    expect(formatText('measure a = 1      # one   \nmeasure b = 2 #two')).toBe('measure a = 1  # one\nmeasure b = 2  #two\n');
  });

  it('keeps full-line comments on their own line at the level of what follows', () => {
    expect(formatText('   # top\nscore h {\n# inside\n      a weight 1 = x\n        # last\n}\n    # end')).toBe(
      '# top\nscore h {\n  # inside\n  a weight 1 = x\n  # last\n}\n# end\n');
  });

  it('breaks a statement where a comment ends a line inside it, and indents the rest', () => {
    expect(formatText('measure a = b  # why b\n + c')).toBe('measure a = b  # why b\n    + c\n');
    expect(formatText('score h {\n  a weight 1 = band x {  # arms\n    else: 0 }\n}')).toBe(
      'score h {\n  a weight 1 = band x {  # arms\n      else: 0 }\n}\n');
  });

  it('writes names, strings, labels, numbers and dates exactly as written', () => {
    const text = "segment `Odd Name` \"Say \"\"hi\"\"\" = `Total Charges` > 1.50e2 and tier = 'O''Brien' and d > 2025-06-30 and CamelCase = .5\n";
    expect(formatText(text)).toBe(text);
  });

  it('keeps the case of keywords that are names', () => {
    expect(formatText('source S = T TIME Time KEY Key\nmeasure Month = LATEST S.Score + Weight')).toBe(
      'source S = T time Time key Key\nmeasure Month = latest S.Score + Weight\n');
  });

  it('returns a text with a syntax error unchanged', () => {
    for (const broken of ['measure x = (1 +', "segment s = tier = 'open", 'measure x = 1 @ 2', 'score h { a weight = 1 }', 'x = 1']) {
      expect(formatText(broken)).toBe(broken);
    }
  });

  it('formats every corpus text without a syntax error, idempotently', () => {
    for (const [name, text] of Object.entries(formatCorpus)) {
      expect(parse(text).diagnostics, name).toEqual([]);
      const once = formatText(text);
      expect(formatText(once), name).toBe(once);
    }
  });

  it('formats CRLF text like LF text', () => {
    expect(formatText('measure a = 1\r\n\r\n\r\nmeasure b = a   # note\r\n')).toBe('measure a = 1\n\nmeasure b = a  # note\n');
  });

  it('formats an empty text to an empty text and a lone comment to its line', () => {
    expect(formatText('')).toBe('');
    expect(formatText('  \n\n ')).toBe('');
    expect(formatText('   # only a comment   ')).toBe('# only a comment\n');
  });
});
