import type { Response, Router } from 'express';
import { analyze, hasErrors, type Diagnostic, type ModelIR } from '../../../dsl/index.ts';
import { explainAccount } from '../../../engine/backtest/explain.ts';
import { whatIf } from '../../../engine/backtest/what-if.ts';
import { PulseError } from '../../../engine/errors.ts';
import { parseNotebook } from '../../../engine/notebook/format.ts';
import { diagnosticsByCell, notebookModelText } from '../../../engine/notebook/model-text.ts';
import { takeTurn } from '../../../engine/notebook/run.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { integerField, jsonBody, optionalStringField, stringField } from '../request-body.ts';
import { apiRouter } from './router.ts';

/** A diagnostic of a notebook's model, in the notebook cell it belongs to (cell-relative range). */
type CellDiagnostic = Diagnostic & { readonly cell: number };

/**
 * Validating a health model from the workbench (docs/workbench-api.md, "Validating a model"):
 * `POST /api/explain` explains one account's score, `POST /api/what-if` shows what an unsaved
 * edit would change. The model is a notebook's `pulse` cells, as for `/api/run`; a model with
 * errors answers 400 with its diagnostics. Both take their turn with notebook runs on the
 * session (`takeTurn`): a what-if stores and reads the per-source passes that runs keep and
 * evict, and an explanation's query would only compete with a run's for the same cores.
 */
export function validateRoutes(session: Session): Router {
  const router = apiRouter();

  router.post('/api/explain', async (request, response) => {
    const body = jsonBody(request);
    const text = stringField(body, 'text');
    const explained = {
      score: stringField(body, 'score'),
      accountId: accountIdField(body),
      asof: optionalStringField(body, 'asof'),
      history: body.history === undefined || body.history === null ? undefined : integerField(body, 'history', 1),
    };
    const model = await notebookModel(text, session);
    if (!('model' in model)) {
      modelErrors(response, 'The model has', model.diagnostics);
      return;
    }
    response.json(await inTurn(session, response, (signal) => explainAccount(session, model.model, explained, { signal })));
  });

  router.post('/api/what-if', async (request, response) => {
    const body = jsonBody(request);
    const savedText = stringField(body, 'savedText');
    const draftText = stringField(body, 'draftText');
    const compared = { asof: optionalStringField(body, 'asof'), score: optionalStringField(body, 'score'), segment: optionalStringField(body, 'segment') };
    const saved = await notebookModel(savedText, session);
    const draft = await notebookModel(draftText, session);
    if (!('model' in saved) || !('model' in draft)) {
      const of = (side: 'savedText' | 'draftText', found: typeof saved) => ('model' in found ? [] : found.diagnostics.map((d) => ({ text: side, ...d })));
      const which = !('model' in saved) && !('model' in draft) ? 'The saved and the draft models have' : !('model' in saved) ? 'The saved model has' : "The draft's model has";
      modelErrors(response, which, [...of('savedText', saved), ...of('draftText', draft)]);
      return;
    }
    response.json(await inTurn(session, response, (signal) => whatIf(session, saved.model, draft.model, compared, { signal })));
  });

  return router;
}

/** The model of a notebook's `pulse` cells, joined as a notebook run joins them, or their diagnostics when it has errors. */
async function notebookModel(text: string, session: Session): Promise<{ model: ModelIR } | { diagnostics: CellDiagnostic[] }> {
  const { model: modelText, cells } = notebookModelText(parseNotebook(text));
  if (cells.length === 0) throw new PulseError('bad_argument', 'The notebook has no pulse cell, so it has no model.');
  const analysis = analyze(modelText.text, await modelSchema(session));
  if (analysis.model && !hasErrors(analysis.diagnostics)) return { model: analysis.model };
  return { diagnostics: diagnosticsByCell(modelText, analysis.diagnostics).flatMap((found, at) => found.map((d) => ({ cell: cells[at]!, ...d }))) };
}

/** 400 `bad_argument` naming the first error, with every diagnostic of the failing models; `subject` ends in its verb ("The model has"). */
function modelErrors(response: Response, subject: string, diagnostics: readonly (CellDiagnostic & { text?: string })[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first ? ` (cell ${first.cell}, line ${first.range.start.line}): ${first.message}` : '';
  response.status(400).json({
    error: { code: 'bad_argument', message: `${subject} ${errors.length === 1 ? 'an error' : `${errors.length} errors`}${where}` },
    diagnostics,
  });
}

/** `"accountId"`: the entity key's value, a number or a string. */
function accountIdField(body: Record<string, unknown>): number | string {
  const value = body.accountId;
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new PulseError('bad_argument', '"accountId" must be a string or a number (the value of the entity\'s key).');
}

/**
 * Runs `work` in the session's turn, shared with notebook runs; a client that goes away
 * cancels it, waiting or running.
 */
async function inTurn<T>(session: Session, response: Response, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onClose = () => {
    if (!response.writableFinished) controller.abort();
  };
  response.on('close', onClose);
  try {
    return await takeTurn(session, controller.signal, () => work(controller.signal));
  } finally {
    response.off('close', onClose);
  }
}
