import { describe, expect, it } from 'vitest';
import { analyze } from '../../../dsl/index.ts';
import * as service from '../../../dsl/service/index.ts';
import { model, schema } from './fixtures.ts';

describe('the language service surface', () => {
  it('exports completion, hover, formatting, diagnostics and the highlighting grammar', () => {
    expect(Object.keys(service).sort()).toEqual(
      ['PULSE_LANGUAGE_ID', 'completions', 'diagnostics', 'formatText', 'hover', 'languageConfiguration', 'monarchLanguage']);
  });

  it('reports no diagnostics for a model without mistakes', () => {
    expect(service.diagnostics(model, schema)).toEqual([]);
  });

  it('reports syntax and semantic diagnostics as analyze does, with places', () => {
    const text = 'measure a = seat + 1\nmeasure b = (1 +\n';
    const found = service.diagnostics(text, schema);
    expect(found).toEqual(analyze(text, schema).diagnostics);
    expect(found.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.code}`))
      .toEqual(['1:13 unknown-name', '2:17 syntax']);
  });
});
