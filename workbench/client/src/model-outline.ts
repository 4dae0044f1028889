/**
 * What the page needs to know of a notebook's model without the compiler (which stays on the
 * server): the entity's key column, whose values are account ids, and the names of the scores.
 * Read from the `pulse` cells' text, looking for statements where they start a line, as the
 * formatter writes them; a statement written after another on one line is not seen.
 */
import { parseNotebook } from '../../../engine/notebook/format.ts';

/** The rules language's default entity key, when no `entity … key …` says otherwise (dsl/check/environment.ts). */
const DEFAULT_KEY = 'account_id';

const NAME = '(`[^`\\n]+`|[A-Za-z_][A-Za-z0-9_]*)';
const ENTITY = new RegExp(`^[ \\t]*entity[ \\t]+${NAME}[ \\t]*=[ \\t]*${NAME}(?:[ \\t]+key[ \\t]+${NAME})?`, 'im');
const SCORE = new RegExp(`^[ \\t]*score[ \\t]+${NAME}`, 'gim');

export interface ModelOutline {
  /** The entity's key column: a result column of this name holds account ids. */
  readonly key: string;
  /** The scores, in the model's order. */
  readonly scores: readonly string[];
}

/** The outline of a model given as its `pulse` cells' texts; null when there is no `pulse` cell. */
export function modelOutline(pulseSources: readonly string[]): ModelOutline | null {
  if (pulseSources.length === 0) return null;
  const text = pulseSources.join('\n');
  const key = ENTITY.exec(text)?.[3];
  return {
    key: key ? unquote(key) : DEFAULT_KEY,
    scores: [...text.matchAll(SCORE)].map((match) => unquote(match[1]!)),
  };
}

/** The `pulse` cells' texts of a whole notebook text, in order. */
export function pulseSources(notebookText: string): string[] {
  return parseNotebook(notebookText).cells.filter((cell) => cell.kind === 'pulse').map((cell) => cell.source);
}

function unquote(name: string): string {
  return name.startsWith('`') ? name.slice(1, -1) : name;
}
