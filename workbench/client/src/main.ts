/**
 * The entry point of the workbench page: takes the launch token, installs the error boundary,
 * and starts the notebook page. Whatever fails, the page says so instead of staying blank.
 */
import './styles.css';
import { Api } from './api.ts';
import { App } from './app.ts';
import { h, replaceChildren } from './dom.ts';
import { installErrorBoundary } from './toast.ts';
import { takeToken } from './token.ts';

const root = document.getElementById('app') ?? document.body;

async function boot(): Promise<void> {
  installErrorBoundary();
  const token = takeToken();
  if (!token) {
    replaceChildren(root, h('div', { class: 'fatal', role: 'alert' },
      h('h1', {}, 'Pulse'),
      h('p', {}, 'Missing or wrong token: open Pulse with the URL it printed when it started.')));
    return;
  }
  const app = new App(new Api(token), root);
  await app.start();
}

boot().catch((error: Error) => {
  root.append(h('div', { class: 'fatal', role: 'alert' },
    h('h1', {}, 'Pulse could not start'),
    h('p', {}, error.message),
    h('p', {}, 'Reload the page; if it happens again, restart Pulse and open the URL it prints.')));
});
