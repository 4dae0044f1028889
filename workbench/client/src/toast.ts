/**
 * Short messages at the bottom of the page ("Cell deleted · Undo", "Could not save: …"), and
 * the page's last line of defence: an error nobody caught becomes a message here instead of a
 * blank or frozen page.
 */
import { h } from './dom.ts';

const region = (): HTMLElement => {
  let element = document.getElementById('toasts');
  if (!element) {
    element = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(element);
  }
  return element;
};

export interface ToastOptions {
  readonly tone?: 'info' | 'error';
  /** A button in the message, e.g. Undo. */
  readonly action?: { readonly label: string; readonly run: () => void };
  /** How long it stays (default 6 s; errors 10 s). */
  readonly ms?: number;
}

/** Shows a message for a while. */
export function toast(message: string, options: ToastOptions = {}): void {
  const tone = options.tone ?? 'info';
  const close = () => item.remove();
  const item = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : null },
    h('span', { class: 'toast-text' }, message),
    options.action ? h('button', { type: 'button', class: 'link', onclick: () => { close(); options.action!.run(); } }, options.action.label) : null,
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: close }, '×'));
  region().append(item);
  setTimeout(close, options.ms ?? (tone === 'error' ? 10_000 : 6_000));
}

/** Catches what nothing else caught, so that an error never leaves the page blank or stuck. */
export function installErrorBoundary(): void {
  window.addEventListener('error', (event) => {
    if (!event.error && /ResizeObserver loop/.test(event.message)) return;
    toast(`Something went wrong in the page: ${event.message}`, { tone: 'error' });
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as { name?: string; message?: string } | undefined;
    if (reason?.name === 'Canceled' || reason?.name === 'AbortError') return;
    toast(`Something went wrong in the page: ${reason?.message ?? String(event.reason)}`, { tone: 'error' });
  });
}
