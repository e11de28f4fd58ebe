import { type Browser, chromium } from 'playwright-core'

/**
 * Headless Chromium for end-to-end tests. Playwright cannot download its own browsers on these
 * machines, so this drives the system one (`apt-get install -y chromium`) or CHROMIUM_PATH.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
