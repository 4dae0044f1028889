/**
 * The language service of the rules language: completion, hover, formatting, diagnostics and
 * the highlighting grammar, as pure functions over the text (and the schema). The Monaco editor
 * in the browser and the CLI both use it; nothing here touches the DOM or Monaco itself.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { analyze } from '../index.ts';
import type { Schema } from '../model/schema.ts';

export { completions, type CompletionItem, type CompletionList } from './completion.ts';
export { hover, type Hover } from './hover.ts';
export { formatText } from './format.ts';
export {
  languageConfiguration, monarchLanguage, PULSE_LANGUAGE_ID,
  type LanguageConfiguration, type MonarchAction, type MonarchLanguage, type MonarchRule,
} from './monarch.ts';
export type { Position, Range } from '../syntax/ast.ts';

/** Every syntax and semantic problem of a rules text, in text order. Never throws. */
export function diagnostics(text: string, schema: Schema): readonly Diagnostic[] {
  return analyze(text, schema).diagnostics;
}
