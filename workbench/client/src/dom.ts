/** Small helpers to build DOM nodes without a framework. */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element: `h('button', { class: 'run', title: 'Run', onclick: run }, '▶')`.
 * `on…` attributes that are functions become event listeners; `true` sets a boolean attribute,
 * `false`/null/undefined leave it out; children that are false/null/undefined are skipped.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping empty ones; strings and numbers become text. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/**
 * Calls `fn` once `ms` after the last of a burst of calls; `after(delay, …)` schedules with
 * another delay for this call; `flush` runs a pending call now.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number):
  ((...args: A) => void) & { after(delay: number, ...args: A): void; cancel(): void; flush(): void; pending(): boolean } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const after = (delay: number, ...args: A) => {
    last = args;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, delay);
  };
  const debounced = (...args: A) => after(ms, ...args);
  debounced.after = after;
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  debounced.flush = () => {
    if (timer === undefined || last === undefined) return;
    debounced.cancel();
    fn(...last);
  };
  debounced.pending = () => timer !== undefined;
  return debounced;
}

/** "1,234" in the page's number style. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "142 ms", "1.4 s". */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
