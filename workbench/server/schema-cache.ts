import type { Schema } from '../../dsl/index.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';

/**
 * The session's tables as the rules language sees them, read once and kept until the tables
 * change: the language service asks for it on every keystroke. It is read again when the
 * session's `dataVersion` moved on (loading a file does that) or after `invalidate()`.
 */
export class SchemaCache {
  private cached: { version: number; schema: Promise<Schema> } | undefined;

  constructor(private readonly session: Session) {}

  get(): Promise<Schema> {
    const version = this.session.dataVersion;
    if (this.cached?.version !== version) {
      const schema = modelSchema(this.session);
      const entry = { version, schema };
      this.cached = entry;
      schema.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return this.cached.schema;
  }

  /** Forgets the schema (after an upload); the next `get` reads it again. */
  invalidate(): void {
    this.cached = undefined;
  }
}
