import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots for people to look at. */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/**
 * Launches headless Chromium without its background connections, which a closed network
 * refuses. Playwright gives every launch a fresh temporary profile (user data dir).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
