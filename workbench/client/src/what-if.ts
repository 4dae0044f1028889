/**
 * The what-if preview of a model edit. Autosave writes edits to disk within seconds, so "what
 * would this edit change" is asked against a baseline: the notebook's text when it was opened,
 * or when the user clicked "Set as baseline". After each run that evaluated the model, once
 * runs pause, the page asks `POST /api/what-if` (baseline as `savedText`, the editor's text as
 * `draftText`, the run's date) for every score both models have, and shows the answer in a
 * strip under the pulse cell being edited. A newer edit cancels the question on its way. While
 * the model equals the baseline's, there is no strip.
 */
import type { OpenAccount } from './account-link.ts';
import type { Api } from './api.ts';
import type { WhatIf } from './api-types.ts';
import { debounce, h, replaceChildren } from './dom.ts';
import { modelOutline, pulseSources } from './model-outline.ts';
import { whatIfBody, whatIfHead, whatIfScope, type Baseline, type WhatIfActions } from './what-if-view.ts';

/** How long after a run the page waits before asking: a burst of runs while typing asks once. */
const WHAT_IF_DELAY_MS = 300;

/** What the preview needs of the page. */
export interface WhatIfHost {
  /** The notebook as in the editor. */
  text(): string;
  /** Puts the strip in the page, under the pulse cell being edited. */
  place(strip: HTMLElement): void;
  readonly openAccount: OpenAccount;
}

export class WhatIfPreview {
  readonly element = h('section', { class: 'what-if', hidden: true, 'aria-label': 'What-if: the model as edited against the baseline' });
  private baseline: Baseline;
  private request: AbortController | null = null;
  private readonly compareSoon = debounce((asof: string | null) => void this.compare(asof), WHAT_IF_DELAY_MS);
  private readonly actions: WhatIfActions;

  constructor(private readonly api: Api, openedText: string, private readonly host: WhatIfHost) {
    this.baseline = { text: openedText, at: new Date(), how: 'opened' };
    this.actions = { setBaseline: () => this.setBaseline(), openAccount: host.openAccount };
  }

  /** A `pulse` cell changed: what the strip shows is out of date until the next run of the model. */
  modelEdited(): void {
    this.compareSoon.cancel();
    this.request?.abort();
    this.element.classList.add('stale');
  }

  /** A run evaluated the model as of `asof`: compare it with the baseline once runs pause. */
  modelRan(asof: string | null): void {
    this.compareSoon(asof);
  }

  /** The notebook as it is now becomes what later edits are compared with. */
  setBaseline(): void {
    this.baseline = { text: this.host.text(), at: new Date(), how: 'set' };
    this.compareSoon.cancel();
    this.request?.abort();
    this.element.hidden = true;
  }

  dispose(): void {
    this.compareSoon.cancel();
    this.request?.abort();
    this.element.remove();
  }

  private async compare(asof: string | null): Promise<void> {
    const savedText = this.baseline.text;
    const draftText = this.host.text();
    const saved = pulseSources(savedText);
    const draft = pulseSources(draftText);
    if (saved.join('\n') === draft.join('\n')) {
      this.element.hidden = true;
      return;
    }
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const draftScores = modelOutline(draft)?.scores ?? [];
    const savedScores = new Set((modelOutline(saved)?.scores ?? []).map((name) => name.toLowerCase()));
    const scores = draftScores.filter((name) => savedScores.has(name.toLowerCase()));
    // One question per score (the route compares one); without a common score, one for the segments.
    const asks: { score?: string }[] = scores.length ? scores.map((score) => ({ score })) : [{}];
    const baseline = this.baseline;
    try {
      const answers = await Promise.all(asks.map((ask) =>
        this.api.whatIf({ savedText, draftText, ...(asof ? { asof } : {}), ...ask }, request.signal)));
      if (request.signal.aborted) return;
      this.show(baseline, answers);
    } catch (error) {
      if (request.signal.aborted) return;
      this.showFailure(baseline, (error as Error).message);
    }
  }

  private show(baseline: Baseline, answers: readonly WhatIf[]): void {
    replaceChildren(this.element, whatIfHead(baseline, whatIfScope(answers[0]!), this.actions), whatIfBody(answers, this.actions));
    this.reveal();
  }

  private showFailure(baseline: Baseline, message: string): void {
    replaceChildren(this.element, whatIfHead(baseline, null, this.actions),
      h('p', { class: 'what-if-error', role: 'alert' }, `The comparison failed: ${message}`));
    this.reveal();
  }

  private reveal(): void {
    this.element.classList.remove('stale');
    this.element.hidden = false;
    this.host.place(this.element);
  }
}
