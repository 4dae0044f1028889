import type { Router } from 'express';
import { completions, diagnostics, formatText, hover, languageConfiguration, monarchLanguage, type Range } from '../../../dsl/service/index.ts';
import { PulseError } from '../../../engine/errors.ts';
import { diagnosticsByCell, joinModelCells, toCellPosition, toModelPosition, type ModelText } from '../../../engine/notebook/model-text.ts';
import { integerField, jsonBody, positionField, stringField, stringListField } from '../request-body.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { apiRouter } from './router.ts';

/**
 * The language service for `pulse` cells (docs/workbench-api.md, "Language service"): every
 * call sends all pulse cells of the notebook, which form one model; positions and ranges in
 * requests and answers are relative to the cell asked about.
 */
export function languageRoutes(session: Session): Router {
  const router = apiRouter();

  router.post('/api/language/diagnostics', async (request, response) => {
    const { model, cell } = modelRequest(jsonBody(request));
    const found = diagnostics(model.text, await modelSchema(session));
    response.json({ diagnostics: diagnosticsByCell(model, found)[cell] ?? [] });
  });

  router.post('/api/language/completions', async (request, response) => {
    const body = jsonBody(request);
    const { model, cell } = modelRequest(body);
    const list = completions(model.text, toModelPosition(model, cell, positionField(body, 'position')), await modelSchema(session));
    response.json({ ...list, range: cellRange(model, cell, list.range) });
  });

  router.post('/api/language/hover', async (request, response) => {
    const body = jsonBody(request);
    const { model, cell } = modelRequest(body);
    const found = hover(model.text, toModelPosition(model, cell, positionField(body, 'position')), await modelSchema(session));
    response.json(found === null ? null : { ...found, range: cellRange(model, cell, found.range) });
  });

  router.post('/api/language/format', (request, response) => {
    response.json({ text: formatText(stringField(jsonBody(request), 'text')) });
  });

  router.get('/api/language/grammar', (_request, response) => {
    // Regular expressions travel as their source text: Monarch takes strings as patterns, and
    // the page turns the configuration's patterns back into RegExp objects.
    response.type('json').send(JSON.stringify({ monarch: monarchLanguage, configuration: languageConfiguration }, regexToSource));
  });

  return router;
}

function modelRequest(body: Record<string, unknown>): { model: ModelText; cell: number } {
  const cells = stringListField(body, 'cells');
  const cell = integerField(body, 'cell');
  if (cell >= cells.length) throw new PulseError('bad_argument', `"cell" is ${cell}, but there are ${cells.length} pulse cells.`);
  return { model: joinModelCells(cells), cell };
}

function cellRange(model: ModelText, cell: number, range: Range): Range {
  return { start: toCellPosition(model, cell, range.start), end: toCellPosition(model, cell, range.end) };
}

function regexToSource(_key: string, value: unknown): unknown {
  return value instanceof RegExp ? value.source : value;
}
