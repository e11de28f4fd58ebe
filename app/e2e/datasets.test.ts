import { readFileSync } from 'node:fs'
import type {} from '@vm-algo/db/testing'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchBrowser } from './browser.ts'
import {
  apiGet,
  download,
  dropFile,
  eventually,
  newUser,
  openPage,
  patiently,
  region,
  signUp,
  visit,
} from './flows.ts'
import { type RunningPlatform, startPlatform } from './platform.ts'

// Importing bars as a customer does it, on the whole platform (`npm start`: the core checks
// every import, the edge stores it, the built app) in Chromium: from an empty workspace, pick a
// CSV (its symbol, timeframe and size read in the browser), import it, download it back as it
// was, be told which line of a broken file is wrong, and delete what was imported; then import
// a year of bars and backtest a strategy on them.

let platform: RunningPlatform
let browser: Browser

beforeAll(async () => {
  platform = await startPlatform({ databaseUrl: inject('testDatabaseUrl') })
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await platform?.stop()
})

interface Listing<T> {
  items: T[]
}
interface Dataset {
  id: string
  name: string
  symbol: string
  timeframe: string
  rows: number
  firstBar: string
  lastBar: string
}
interface Run {
  request: Record<string, unknown>
  result: null | { metrics: { trades: number }; trades: { total: number } }
}

/** Real bars: the header and the first 30 daily rows of a bundled file. */
const bundled = readFileSync(
  new URL('../../core/data/nse/daily/adjusted_2020-2025/RELIANCE_1d.csv', import.meta.url),
  'utf8',
).split('\n')
const DAILY = `${bundled.slice(0, 31).join('\n')}\n`

/** A year to backtest on: RELIANCE's daily bars of 2023 (246 of them). */
const YEAR_2023 = `${[bundled[0], ...bundled.filter((line) => line.startsWith('2023-'))].join('\n')}\n`

/** Picks a CSV in the import form's file input, as choosing it from the disk does. */
const pickCsv = (form: Locator, name: string, text: string) =>
  form
    .getByLabel('CSV file')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })

/** The same bars with high below low on line 6 (the header is line 1). */
const BROKEN = (() => {
  const lines = DAILY.split('\n')
  const [ts, open, , low, close, volume] = lines[5]!.split(',')
  lines[5] = [ts, open, String(Number(low) - 1), low, close, volume].join(',')
  return lines.join('\n')
})()

describe('datasets', () => {
  test('import a CSV of bars, download it as it was, see the line of a broken one, delete it', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Kavya Iyer'))
    await page.waitForURL('**/account/security**')

    // An empty workspace is told what datasets are for, and the format, with a sample.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Datasets' })
      .click()
    await page.waitForURL('**/datasets')
    const list = region(page, 'Your datasets')
    await eventually(() => list.getByRole('heading', { name: 'No datasets yet' }).isVisible()).toBe(
      true,
    )
    expect(await list.textContent()).toContain('bundled with vm-algo')
    expect(await list.locator('pre.csv-sample').textContent()).toMatch(
      /^timestamp,open,high,low,close,volume\n2020-10-01T00:00:00\+05:30,/,
    )

    // Picked, the file is read in the browser: name, symbol and timeframe filled in, a preview.
    const form = region(page, 'Import bars from CSV')
    await eventually(() => form.getByLabel('CSV file').isEnabled()).toBe(true)
    await pickCsv(form, 'RELIANCE_1d.csv', DAILY)
    const preview = form.getByRole('table', { name: 'Preview of the file' })
    await eventually(() => preview.locator('caption').textContent()).toBe(
      '30 bars in the file, the first 10 shown',
    )
    expect(await preview.getByRole('row').count()).toBe(11)
    expect(await preview.getByRole('row').nth(1).textContent()).toContain(
      '2020-10-01T00:00:00+05:30',
    )
    expect(await form.getByLabel('Name').inputValue()).toBe('RELIANCE_1d')
    expect(await form.getByLabel('Symbol').inputValue()).toBe('RELIANCE')
    expect(await form.getByLabel('Timeframe').inputValue()).toBe('1d')
    expect(await form.getByText('Guessed from the spacing of the first bars.').count()).toBe(1)

    // Imported: said so, and listed with its bars, span and size.
    await form.getByRole('button', { name: 'Import' }).click()
    await eventually(() =>
      form.getByRole('status').filter({ hasText: 'Imported' }).textContent(),
    ).toBe('Imported “RELIANCE_1d”: 30 bars of RELIANCE, 1 day.')
    const rows = list.getByRole('row')
    await eventually(() => rows.count()).toBe(2)
    const row = rows.filter({ hasText: 'RELIANCE_1d' })
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells.slice(1, 4)).toEqual(['RELIANCE', '1 day', '30'])
    expect(cells[4]).toMatch(/^1 Oct 2020 – \d{1,2} \w+ 2020$/)
    const [stored] = (await apiGet<Listing<Dataset>>(page, '/api/v1/datasets')).items
    expect(stored).toMatchObject({ name: 'RELIANCE_1d', symbol: 'RELIANCE', rows: 30 })
    expect(stored!.firstBar).toBe(new Date('2020-10-01T00:00:00+05:30').toISOString())

    // Downloaded, it is the file as it was imported.
    const file = await download(page, () =>
      row.getByRole('button', { name: 'Download RELIANCE_1d' }).click(),
    )
    expect(file.name).toMatch(/^RELIANCE_1d_dst_\w+\.csv$/)
    expect(file.text).toBe(DAILY)

    // The same name again is refused at the name field.
    await pickCsv(form, 'RELIANCE_1d.csv', DAILY)
    await eventually(() => form.getByLabel('Name').inputValue()).toBe('RELIANCE_1d')
    await form.getByRole('button', { name: 'Import' }).click()
    await eventually(() => form.locator('.field-error').textContent()).toContain(
      'A dataset named "RELIANCE_1d" exists already.',
    )

    // A broken file, dropped on the form: the core's complaint names the line, the preview
    // marks it, and nothing is added.
    await dropFile(form.getByRole('group'), {
      name: 'RELIANCE_broken.csv',
      mimeType: 'text/csv',
      text: BROKEN,
    })
    await eventually(() => form.getByLabel('Name').inputValue()).toBe('RELIANCE_broken')
    expect(await form.locator('.field-error').count()).toBe(0)
    await form.getByRole('button', { name: 'Import' }).click()
    const refusal = form.getByRole('alert').filter({ hasText: 'Not imported' })
    await eventually(() => refusal.textContent()).toContain('Line 6: high')
    expect(await refusal.textContent()).toContain('is below low')
    expect(await refusal.textContent()).toContain('it is marked in the preview')
    const marked = preview.locator('tr[data-bad="true"]')
    expect(await marked.count()).toBe(1)
    expect(await marked.getByRole('cell').first().textContent()).toBe('6')
    expect((await apiGet<Listing<Dataset>>(page, '/api/v1/datasets')).items).toHaveLength(1)
    expect(await rows.count()).toBe(2)

    // Deleted after a confirmation: the workspace is empty again.
    await row.getByRole('button', { name: 'Delete RELIANCE_1d' }).click()
    await row.getByRole('button', { name: 'Yes, delete “RELIANCE_1d”' }).click()
    await eventually(() => list.getByRole('heading', { name: 'No datasets yet' }).isVisible()).toBe(
      true,
    )
    expect((await apiGet<Listing<Dataset>>(page, '/api/v1/datasets')).items).toEqual([])

    expect(errors).toEqual([])
  }, 300_000)

  test('import a year of bars, backtest the SMA crossover on them, and run it again', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Arjun Rao'))
    await page.waitForURL('**/account/security**')

    // No dataset yet: the backtest form says where to import bars.
    await visit(page, '/backtests/new')
    const empty = region(page, 'Backtest a strategy')
    const importLink = empty.getByRole('link', { name: 'Import your own bars' })
    await eventually(() => importLink.getAttribute('href')).toBe('/datasets')
    await importLink.click()
    await page.waitForURL('**/datasets')

    const form = region(page, 'Import bars from CSV')
    await eventually(() => form.getByLabel('CSV file').isEnabled()).toBe(true)
    await pickCsv(form, 'RELIANCE_2023.csv', YEAR_2023)
    await eventually(() => form.getByLabel('Timeframe').inputValue()).toBe('1d')
    await form.getByRole('button', { name: 'Import' }).click()
    await eventually(() =>
      form.getByRole('status').filter({ hasText: 'Imported' }).textContent(),
    ).toBe('Imported “RELIANCE_2023”: 246 bars of RELIANCE, 1 day.')
    const [dataset] = (await apiGet<Listing<Dataset>>(page, '/api/v1/datasets')).items

    // "Backtest on it": the form with the dataset ticked, its timeframe and its days, and no
    // bundled symbol beside it.
    const row = region(page, 'Your datasets').getByRole('row').filter({ hasText: 'RELIANCE_2023' })
    await row.getByRole('link', { name: 'Backtest on it (RELIANCE_2023)' }).click()
    await page.waitForURL(`**/backtests/new?dataset=${dataset!.id}`)
    const backtest = region(page, 'Backtest a strategy')
    const ticked = backtest.getByRole('checkbox', { name: 'RELIANCE_2023' })
    await eventually(() => ticked.isChecked()).toBe(true)
    expect(await backtest.getByLabel('Symbols').inputValue()).toBe('')
    expect(await backtest.getByLabel('Bars').inputValue()).toBe('1d')
    expect(await backtest.getByLabel('From', { exact: true }).inputValue()).toBe('2023-01-02')
    expect(await backtest.getByLabel('To', { exact: true }).inputValue()).toBe('2023-12-29')
    const about = await ticked.getAttribute('aria-describedby')
    expect(await page.locator(`[id="${about}"]`).textContent()).toBe(
      'RELIANCE · 2 Jan 2023 – 29 Dec 2023 · 246 daily bars',
    )

    await patiently(() => backtest.getByLabel('Fast period').isVisible()).toBe(true)

    // The SMA crossover, fast 5 / slow 20, on the imported bars of 2023.
    await backtest.getByLabel('From', { exact: true }).fill('2023-01-01')
    await backtest.getByLabel('To', { exact: true }).fill('2023-12-31')
    await backtest.getByLabel('Fast period').fill('5')
    await backtest.getByLabel('Slow period').fill('20')
    await backtest.getByLabel('Quantity').fill('100')
    await backtest.getByRole('button', { name: 'Run backtest' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    const id = /\/backtests\/(btj_\w+)$/.exec(new URL(page.url()).pathname)![1]!

    // The report: as many trades as the engine counted, and the details name the dataset.
    await patiently(() =>
      page.getByRole('heading', { level: 1 }).locator('.badge').textContent(),
    ).toBe('succeeded')
    const job = await apiGet<Run>(page, `/api/v1/backtests/${id}?tradesLimit=0`)
    expect(job.request).toMatchObject({ symbols: [], datasets: [dataset!.id] })
    const { trades } = job.result!.metrics
    expect(trades).toBeGreaterThan(0)
    await eventually(() =>
      region(page, 'Metrics').locator('[data-metric="trades"] .metric-value').textContent(),
    ).toBe(String(trades))
    expect(
      await region(page, 'Trades').getByRole('navigation', { name: 'Trades pages' }).textContent(),
    ).toContain(`of ${job.result!.trades.total}`)
    const details = region(page, 'Details')
    await eventually(() => details.locator(`[data-dataset="${dataset!.id}"]`).textContent()).toBe(
      'RELIANCE_2023 (RELIANCE, 2 Jan 2023 – 29 Dec 2023)',
    )

    // Run again with changes: the same dataset, still without symbols.
    await page.getByRole('link', { name: 'Run again with changes' }).click()
    await page.waitForURL(`**/backtests/new?rerun=${id}`)
    const again = region(page, 'Backtest a strategy')
    await patiently(() => again.getByLabel('Fast period').inputValue()).toBe('5')
    expect(await again.getByRole('checkbox', { name: 'RELIANCE_2023' }).isChecked()).toBe(true)
    expect(await again.getByLabel('Symbols').inputValue()).toBe('')

    expect(errors).toEqual([])
  }, 600_000)
})
