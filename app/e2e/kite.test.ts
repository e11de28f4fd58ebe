import type {} from '@vm-algo/db/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import {
  type KiteRestTestServer,
  startKiteRestTestServer,
} from '../../core/src/feeds/kite/rest-test-server.ts'
import { loadBars } from '../../core/src/market/catalog.ts'
import { launchBrowser } from './browser.ts'
import { apiGet, eventually, newUser, openPage, region, signUp, visit } from './flows.ts'
import { type RunningPlatform, startPlatform } from './platform.ts'

// Connecting Zerodha Kite and importing bars from it, as a customer does, on the whole platform
// with a local Kite standing in for Zerodha (its login page, token exchange and historical API
// over real bundled NIFTY 50 bars): the core's KITE_API_ROOT and the edge's KITE_LOGIN_ROOT
// point at it. Save the app's key and secret, log in with Kite on its page, come back to the
// callback connected, import NIFTY 50 daily bars of a quarter, and find them as a dataset.

let kite: KiteRestTestServer
let platform: RunningPlatform
let browser: Browser
let q1: number

beforeAll(async () => {
  const days = await loadBars('NIFTY50', '1d')
  q1 = days.filter(
    (d) =>
      d.ts >= Date.parse('2024-01-01T00:00:00+05:30') &&
      d.ts <= Date.parse('2024-03-31T00:00:00+05:30'),
  ).length
  kite = await startKiteRestTestServer({ candles: { 256265: { day: days } } })
  platform = await startPlatform({
    databaseUrl: inject('testDatabaseUrl'),
    env: { KITE_API_ROOT: kite.url, KITE_LOGIN_ROOT: kite.url },
  })
  // The Kite app's redirect URL, as set on Kite's developer console.
  kite.setRedirectUrl(`${platform.appUrl}/account/broker/kite/callback`)
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await platform?.stop()
  await kite?.close()
})

interface Dataset {
  name: string
  symbol: string
  timeframe: string
  source: string
  rows: number
  firstBar: string
}

describe('Kite', () => {
  test('save the key, log in with Kite, import NIFTY 50 days from it', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Arjun Rao'))
    await page.waitForURL('**/account/security**')

    // Without a Kite session the datasets page points to the broker settings.
    await visit(page, '/datasets')
    const importer = region(page, 'Import from Kite')
    await eventually(() => importer.getByRole('link', { name: 'Connect Kite' }).count()).toBe(1)
    await importer.getByRole('link', { name: 'Connect Kite' }).click()
    await page.waitForURL('**/account/broker')

    const panel = region(page, 'Zerodha Kite')
    await eventually(() => panel.getByLabel('API key', { exact: true }).isVisible()).toBe(true)
    await eventually(() =>
      panel.getByRole('button', { name: 'Save key and secret' }).isEnabled(),
    ).toBe(true)
    await panel.getByLabel('API key', { exact: true }).fill(kite.apiKey)
    await panel.getByLabel('API secret', { exact: true }).fill(kite.apiSecret)
    await panel.getByLabel('Static IP (optional)').fill('203.0.113.7')
    await panel.getByRole('button', { name: 'Save key and secret' }).click()
    const status = panel.getByTestId('kite-status')
    await eventually(() => status.textContent()).toContain('Not logged in')
    expect(await panel.textContent()).not.toContain(kite.apiSecret)

    // Kite's login page (the local one), then back to the app's callback.
    await panel.getByRole('link', { name: 'Log in with Kite' }).click()
    await page.waitForURL(`${kite.url}/connect/login**`)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL('**/account/broker/kite/callback?**')
    const connected = page.getByRole('status').filter({ hasText: 'Connected to Kite' })
    await eventually(() => connected.textContent()).toMatch(
      /Logged in as ZT1234; the session expires 06:00 IST (today|tomorrow)\./,
    )

    await page.getByRole('link', { name: 'Back to your broker connection' }).click()
    await page.waitForURL('**/account/broker')
    await eventually(() => page.getByTestId('kite-status').textContent()).toMatch(
      /Connected as ZT1234 · expires 06:00 IST/,
    )

    // Import the first quarter of 2024 from Kite.
    await visit(page, '/datasets')
    const form = region(page, 'Import from Kite')
    await eventually(() => form.getByRole('button', { name: 'Import from Kite' }).isEnabled()).toBe(
      true,
    )
    await form.getByLabel('Symbol', { exact: true }).fill('NIFTY50')
    await form.getByLabel('Timeframe', { exact: true }).selectOption('1d')
    await form.getByLabel('From', { exact: true }).fill('2024-01-01')
    await form.getByLabel('To', { exact: true }).fill('2024-03-31')
    await form.getByLabel('Name (optional)').fill('NIFTY Q1 2024')
    await form.getByRole('button', { name: 'Import from Kite' }).click()
    await eventually(() =>
      form.getByRole('status').filter({ hasText: 'Imported' }).textContent(),
    ).toBe(`Imported “NIFTY Q1 2024” from Kite: ${q1} bars of NIFTY50, 1 day.`)

    const row = region(page, 'Your datasets').getByRole('row').filter({ hasText: 'NIFTY Q1 2024' })
    await eventually(() => row.count()).toBe(1)
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells.slice(1, 4)).toEqual(['NIFTY50', '1 day', String(q1)])
    const { items } = await apiGet<{ items: Dataset[] }>(page, '/api/v1/datasets')
    expect(items).toEqual([
      expect.objectContaining({
        name: 'NIFTY Q1 2024',
        symbol: 'NIFTY50',
        source: 'kite',
        rows: q1,
        firstBar: new Date('2024-01-01T00:00:00+05:30').toISOString(),
      }),
    ])
    expect(errors).toEqual([])
  })
})
