/**
 * The launch token: it arrives once in the address bar as `?token=…`, is kept in this tab's
 * `sessionStorage`, and is taken out of the address bar so that it is not bookmarked, shared
 * in a screenshot or left in the history.
 */

const KEY = 'pulse-token';

/** Reads the token from the URL (once) or from this tab's storage; '' when there is none. */
export function takeToken(): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url);
  }
  return sessionStorage.getItem(KEY) ?? '';
}
