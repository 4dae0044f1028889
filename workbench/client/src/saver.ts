/**
 * Saving the open notebook: Ctrl/Cmd+S, and by itself 2 s after the last edit, with
 * `PUT /api/notebooks/:path` and the version the editor started from (`baseVersion`). Until a
 * save succeeds, the text is also kept in localStorage, so a closed tab or a crash loses
 * nothing. When the file changed on disk meanwhile, the server refuses the save (409) and the
 * page shows a conflict: the user's text stays in the editor until they choose to overwrite
 * the file with it or to load the version on disk.
 */
import { ApiError, type Api } from './api.ts';
import { debounce } from './dom.ts';

export const AUTOSAVE_DELAY_MS = 2000;

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error';

/** A text kept in localStorage until it is saved. */
export interface Draft {
  readonly text: string;
  readonly baseVersion: string | null;
  readonly at: string;
}

/** The version on disk when a save was refused as a conflict. */
export interface Theirs {
  readonly text: string;
  readonly version: string;
}

export interface SaverEvents {
  state(state: SaveState, detail?: string): void;
  /** A save was refused as a conflict (`on`), or the conflict was resolved; `theirs` is the file on disk when known. */
  conflict(on: boolean, theirs: Theirs | null): void;
}

const draftKey = (path: string) => `pulse-draft:${path}`;

/** The draft of a notebook left in this browser, if any. */
export function readDraft(path: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(path));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export class Saver {
  private state: SaveState = 'saved';
  private saving: Promise<void> | null = null;
  private theirs: Theirs | null = null;
  private readonly autosave = debounce(() => void this.save(), AUTOSAVE_DELAY_MS);

  constructor(
    private readonly api: Api,
    readonly path: string,
    private version: string | null,
    private savedText: string,
    private readonly currentText: () => string,
    private readonly events: SaverEvents,
  ) {}

  get current(): SaveState {
    return this.state;
  }

  /** The version the editor's text is based on. */
  get baseVersion(): string | null {
    return this.version;
  }

  /** The text changed: keep a draft now, save once editing pauses (not while in conflict). */
  edited(): void {
    const text = this.currentText();
    if (text === this.savedText && this.state !== 'conflict') {
      this.autosave.cancel();
      this.clearDraft();
      this.set('saved');
      return;
    }
    this.keepDraft(text);
    if (this.state === 'conflict') return;
    this.set('unsaved');
    this.autosave();
  }

  /** Saves now (Ctrl/Cmd+S). In conflict, it tries again and so shows the conflict again. */
  async save(): Promise<void> {
    this.autosave.cancel();
    if (this.saving) {
      await this.saving;
      if (this.currentText() === this.savedText) return;
    }
    this.saving = this.put(this.version).finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /** Conflict resolved by writing the user's text over the file on disk. */
  async overwrite(): Promise<void> {
    this.autosave.cancel();
    const base = this.theirs?.version ?? this.version;
    this.saving = this.put(base, true).finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /** Conflict resolved by taking the file on disk: the caller loads `theirs.text` into the editor. */
  takeTheirs(): Theirs | null {
    const theirs = this.theirs;
    if (!theirs) return null;
    this.version = theirs.version;
    this.savedText = theirs.text;
    this.theirs = null;
    this.clearDraft();
    this.events.conflict(false, null);
    this.set('saved');
    return theirs;
  }

  /** Saves a pending edit now (before leaving the notebook); false when it could not. */
  async flush(): Promise<boolean> {
    if (this.state === 'unsaved' || this.autosave.pending()) await this.save();
    else if (this.saving) await this.saving;
    return this.state === 'saved';
  }

  dispose(): void {
    this.autosave.cancel();
  }

  private async put(baseVersion: string | null, overwriting = false): Promise<void> {
    const text = this.currentText();
    this.set('saving');
    try {
      const { version } = await this.api.save(this.path, text, baseVersion);
      this.version = version;
      this.savedText = text;
      if (overwriting || this.theirs) {
        this.theirs = null;
        this.events.conflict(false, null);
      }
      if (this.currentText() === text) {
        this.clearDraft();
        this.set('saved');
      } else {
        this.set('unsaved');
        this.autosave();
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const current = error.body.current as Theirs | undefined;
        this.theirs = current && typeof current.text === 'string' ? current : null;
        this.keepDraft(text);
        this.set('conflict');
        this.events.conflict(true, this.theirs);
        return;
      }
      this.keepDraft(text);
      this.set('error', (error as Error).message);
    }
  }

  private keepDraft(text: string): void {
    try {
      const draft: Draft = { text, baseVersion: this.version, at: new Date().toISOString() };
      localStorage.setItem(draftKey(this.path), JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the text is still in the editor.
    }
  }

  private clearDraft(): void {
    try {
      localStorage.removeItem(draftKey(this.path));
    } catch {
      // Nothing to clear.
    }
  }

  private set(state: SaveState, detail?: string): void {
    this.state = state;
    this.events.state(state, detail);
  }
}
