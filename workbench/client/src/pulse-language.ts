/**
 * The rules language in Monaco: highlighting from the server's Monarch grammar
 * (`GET /api/language/grammar`), and completion, hover and formatting from the language
 * service routes. All `pulse` cells of a notebook form one model, so each request sends every
 * pulse cell's text and says which cell (and where in it) the editor is asking about.
 */
import type { Api, LanguageRequest } from './api.ts';
import type { CompletionList } from './api-types.ts';
import { monaco } from './monaco-setup.ts';

export const PULSE = 'pulse';

/** Tells the providers which pulse cell a Monaco model belongs to, and the texts of all of them. */
export interface PulseCellsSource {
  /** The request for a model's cell (without a position), or null when the model is not a pulse cell. */
  requestFor(model: monaco.editor.ITextModel): LanguageRequest | null;
}

const COMPLETION_KINDS: Record<CompletionList['items'][number]['kind'], monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  measure: monaco.languages.CompletionItemKind.Variable,
  score: monaco.languages.CompletionItemKind.Class,
  segment: monaco.languages.CompletionItemKind.Enum,
  column: monaco.languages.CompletionItemKind.Field,
  source: monaco.languages.CompletionItemKind.Module,
  table: monaco.languages.CompletionItemKind.Struct,
  function: monaco.languages.CompletionItemKind.Function,
  component: monaco.languages.CompletionItemKind.Property,
  unit: monaco.languages.CompletionItemKind.Unit,
  snippet: monaco.languages.CompletionItemKind.Snippet,
};

/**
 * Registers the language id `pulse` with its grammar and providers. The grammar is fetched
 * once; if that fails the cells still edit as plain text, and the error is returned to show.
 */
export async function registerPulseLanguage(api: Api, cells: PulseCellsSource): Promise<Error | null> {
  monaco.languages.register({ id: PULSE, extensions: ['.pulse'], aliases: ['Pulse rules'] });
  let failure: Error | null = null;
  try {
    const grammar = await api.grammar();
    monaco.languages.setMonarchTokensProvider(PULSE, reviveRegExps(grammar.monarch) as monaco.languages.IMonarchLanguage);
    monaco.languages.setLanguageConfiguration(PULSE, reviveConfiguration(grammar.configuration));
  } catch (error) {
    failure = error as Error;
  }

  monaco.languages.registerCompletionItemProvider(PULSE, {
    triggerCharacters: ['.', ' '],
    async provideCompletionItems(model, position, _context, token) {
      const request = cells.requestFor(model);
      if (!request) return { suggestions: [] };
      const list = await quietly(api.completions({ ...request, position: { line: position.lineNumber, column: position.column } }, abortOn(token)));
      if (!list?.range || !Array.isArray(list.items)) return { suggestions: [] };
      const range = toMonacoRange(list.range);
      return {
        suggestions: list.items.map((item) => ({
          label: item.label,
          kind: COMPLETION_KINDS[item.kind] ?? monaco.languages.CompletionItemKind.Text,
          ...(item.detail ? { detail: item.detail } : {}),
          ...(item.documentation ? { documentation: { value: item.documentation } } : {}),
          insertText: item.insertText ?? item.label,
          ...(item.kind === 'snippet' ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
          ...(item.sortText ? { sortText: item.sortText } : {}),
          range,
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider(PULSE, {
    async provideHover(model, position, token) {
      const request = cells.requestFor(model);
      if (!request) return null;
      const hover = await quietly(api.hover({ ...request, position: { line: position.lineNumber, column: position.column } }, abortOn(token)));
      return hover?.range ? { range: toMonacoRange(hover.range), contents: [{ value: hover.contents }] } : null;
    },
  });

  monaco.languages.registerDocumentFormattingEditProvider(PULSE, {
    async provideDocumentFormattingEdits(model) {
      const text = model.getValue();
      const formatted = await quietly(api.format(text));
      // A cell's text has no final line break (the fence follows); the formatter writes files, which do.
      const result = formatted && !text.endsWith('\n') ? formatted.text.replace(/\n$/, '') : formatted?.text;
      return result === undefined || result === text ? [] : [{ range: model.getFullModelRange(), text: result }];
    },
  });

  return failure;
}

/** A range of the language service (1-based, end just after the last character) as Monaco's. */
export function toMonacoRange(range: { start: { line: number; column: number }; end: { line: number; column: number } }): monaco.IRange {
  return { startLineNumber: range.start.line, startColumn: range.start.column, endLineNumber: range.end.line, endColumn: range.end.column };
}

/**
 * A provider's answer, or null when the request failed or was cancelled (typing on makes
 * Monaco cancel it): the editor then simply offers nothing, and no error escapes.
 */
async function quietly<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch {
    return null;
  }
}

function abortOn(token: monaco.CancellationToken): AbortSignal {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/**
 * Regular expressions do not survive JSON: the server sends them as `{ "source", "flags" }`
 * (or as strings, which Monarch compiles itself). This turns the objects back into RegExps.
 */
export function reviveRegExps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveRegExps);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.source === 'string' && Object.keys(record).every((key) => key === 'source' || key === 'flags' || key === 'regex')) {
      return new RegExp(record.source, typeof record.flags === 'string' ? record.flags : '');
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, reviveRegExps(inner)]));
  }
  return value;
}

/** The language configuration, with its patterns as RegExps whether they came as strings or objects. */
function reviveConfiguration(configuration: Record<string, unknown>): monaco.languages.LanguageConfiguration {
  const revived = reviveRegExps(configuration) as Record<string, unknown>;
  const asRegExp = (value: unknown) => (typeof value === 'string' ? new RegExp(value) : value);
  if ('wordPattern' in revived) revived.wordPattern = asRegExp(revived.wordPattern);
  const rules = revived.indentationRules as Record<string, unknown> | undefined;
  if (rules) {
    revived.indentationRules = Object.fromEntries(Object.entries(rules).map(([key, pattern]) => [key, asRegExp(pattern)]));
  }
  return revived as monaco.languages.LanguageConfiguration;
}
