/**
 * Account ids the user can click to see why the account scores what it does (the explanation
 * panel). Tables, the grade-migration list and the what-if strip show ids this way.
 */
import type { AccountId } from './api-types.ts';
import { h } from './dom.ts';

/** Opens the explanation of an account. */
export type OpenAccount = (id: AccountId) => void;

/** Which result column holds account ids (the model's entity key), and what a click on one does. */
export interface AccountLinks {
  readonly key: string;
  readonly open: OpenAccount;
}

/** True when a result column named `name` holds the ids of `links`' accounts. */
export function isAccountColumn(name: string, links: AccountLinks | null): links is AccountLinks {
  return links !== null && name.toLowerCase() === links.key.toLowerCase();
}

/** An account id as a button that opens its explanation; `text` is the id as the table formats it. */
export function accountButton(id: AccountId, open: OpenAccount, text: string = String(id)): HTMLButtonElement {
  return h('button', { type: 'button', class: 'account-link', title: `Why does account ${id} score what it does?`, onclick: () => open(id) }, text);
}
