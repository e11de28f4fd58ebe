import { readFileSync } from 'node:fs'
import type {} from '@vm-algo/db/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { paramsText } from '../src/lib/grid-results.ts'
import { candidatesText, efficiencyReading } from '../src/lib/walk-forward-result.ts'
import { launchBrowser } from './browser.ts'
import {
  apiGet,
  enrolTwoFactor,
  eventually,
  newUser,
  openPage,
  patiently,
  region,
  signUp,
  upgradeToPro,
  visit,
} from './flows.ts'
import { type RunningPlatform, startPlatform } from './platform.ts'

// Issue 5 as a customer lives it, on the whole platform (`npm start`: the core's job runner
// runs the backtests in the sandbox, the edge queues and serves them, the built app) in
// Chromium: pick the SMA crossover example, backtest it on the bundled RELIANCE bars, follow
// its progress, read the report (its trades on the price chart), run it again with other
// parameters and compare the two, and see a run of 2024 beside NIFTY 50 bought and held. On Pro:
// sweep a small grid ranked by a metric of one's choosing, then walk it forward.

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

/**
 * For what waits on the engine or the compiler: the first backtest compiles the example with
 * TypeScript in the core, and the whole suite may be running on two busy cores.
 */
interface Job {
  id: string
  status: string
  result: null | { metrics: { trades: number }; trades: { total: number } }
}

const jobId = (page: Page) => /\/backtests\/(btj_\w+)$/.exec(new URL(page.url()).pathname)?.[1]

/** Marks the page once it has shown a progress bar, however briefly. */
const watchForProgressBar = (page: Page) =>
  page.addInitScript(() => {
    const seen = () => {
      if (document.querySelector('[role="progressbar"]'))
        document.documentElement.dataset.sawProgress = 'yes'
    }
    new MutationObserver(seen).observe(document, { childList: true, subtree: true })
  })

/** Waits for the run on this page to finish, then checks its report against the API. */
async function expectReport(page: Page) {
  const id = jobId(page)!
  expect(id).toBeTruthy()
  const status = page.getByRole('heading', { level: 1 }).locator('.badge')
  await patiently(() => status.textContent()).toBe('succeeded')
  const job = await apiGet<Job>(page, `/api/v1/backtests/${id}?tradesLimit=0`)
  expect(job.status).toBe('succeeded')
  const { total } = job.result!.trades
  expect(total).toBeGreaterThan(0)

  // Metric cards, labelled, with the trades count the engine reported.
  const metrics = region(page, 'Metrics')
  await eventually(() =>
    metrics.locator('[data-metric="totalReturn"] dd').first().textContent(),
  ).toMatch(/^[+-]?\d+\.\d{2}%$/)
  expect(await metrics.locator('[data-metric="maxDrawdown"] .metric-sub').textContent()).toMatch(
    /^lasted \d+ trading days?$/,
  )
  expect(await metrics.locator('[data-metric="trades"] .metric-value').textContent()).toBe(
    String(job.result!.metrics.trades),
  )
  for (const label of ['CAGR', 'Sharpe ratio', 'Sortino ratio', 'Win rate', 'Profit factor']) {
    expect(await metrics.getByText(label, { exact: true }).count()).toBe(1)
  }

  // The prices it traded, as candles with every trade marked, above the equity.
  const prices = page.getByTestId('price-chart')
  await eventually(() => prices.locator('figure.chart[data-ready] canvas').count()).toBeGreaterThan(
    0,
  )
  expect(await prices.getByTestId('trades-marked').textContent()).toBe(`${total} trades marked`)
  expect((await prices.locator('.legend-item').allTextContents()).map((t) => t.trim())).toEqual([
    'RELIANCE (1d)',
  ])
  const above = await page.evaluate(() => {
    const [a, b] = ['price-chart', 'equity-chart'].map((id) =>
      document.querySelector(`[data-testid="${id}"]`),
    )
    return !!a && !!b && !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
  })
  expect(above).toBe(true)

  // The equity and drawdown charts are drawn (lightweight-charts paints on canvases).
  const charts = region(page, 'Equity and drawdown')
  await eventually(() => charts.locator('figure.chart[data-ready] canvas').count()).toBeGreaterThan(
    0,
  )
  expect(await charts.locator('figure.chart[data-ready]').count()).toBe(2)

  // The trade table: as many rows as the API has trades (up to a page), and says so.
  const trades = region(page, 'Trades')
  await eventually(() => trades.getByRole('row').count()).toBe(Math.min(total, 50) + 1)
  expect(await trades.getByRole('navigation', { name: 'Trades pages' }).textContent()).toContain(
    `of ${total}`,
  )
  const totalReturn = await metrics.locator('[data-metric="totalReturn"] dd').first().textContent()
  return { id, total, charts, totalReturn: totalReturn!, trades: job.result!.metrics.trades }
}

/** The legend of the report's equity chart (its first). */
const equityLegend = async (page: Page) =>
  (
    await region(page, 'Equity and drawdown')
      .locator('figure.chart')
      .first()
      .locator('.legend-item')
      .allTextContents()
  ).map((t) => t.trim())

describe('backtests', () => {
  test('run the SMA crossover example on bundled data, read the report, run it again and compare', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await watchForProgressBar(page)
    // The progress comes as Server-Sent Events, through the app's /api proxy.
    const streams: Array<{ status: number; type: string | null }> = []
    page.on('response', (response) => {
      if (/\/api\/v1\/backtests\/btj_\w+\/events$/.test(response.url()))
        streams.push({
          status: response.status(),
          type: response.headers()['content-type'] ?? null,
        })
    })
    await visit(page, '/signup')
    await signUp(page, newUser('Kavya Iyer'))
    await page.waitForURL('**/account/security**')

    // An empty list says how to start.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Backtests' })
      .click()
    await page.waitForURL('**/backtests')
    const first = page.getByRole('link', { name: 'Run your first backtest' })
    await eventually(() => first.isVisible()).toBe(true)
    await first.click()
    await page.waitForURL('**/backtests/new')

    // The form: the example, its parameters from its manifest (read by the compiler).
    const form = region(page, 'Backtest a strategy')
    await form.getByLabel('Strategy').selectOption({ label: 'Example: Moving-average crossover' })
    await patiently(() => form.getByLabel('Fast period').isVisible()).toBe(true)
    expect(await form.getByLabel('Fast period').inputValue()).toBe('10')
    // The request sets the bars and the product; the form does not ask twice.
    expect(await form.getByLabel('Timeframe').count()).toBe(0)

    // The free plan backtests a year at a time: a longer range is refused with what to do.
    await form.getByLabel('From', { exact: true }).fill('2021-01-01')
    await form.getByLabel('To', { exact: true }).fill('2023-12-31')
    await form.getByRole('button', { name: 'Run backtest' }).click()
    const refusal = form.getByRole('alert').filter({ hasText: 'Your plan does not allow this' })
    await eventually(() => refusal.textContent()).toContain('at most 366 days at a time')
    expect(await refusal.getByRole('link', { name: 'See the plans and upgrade' }).count()).toBe(1)

    // RELIANCE's daily bars of 2023, fast 5 / slow 20.
    await form.getByLabel('Symbols').fill('RELIANCE')
    await form.getByLabel('Bars').selectOption('1d')
    await form.getByLabel('From', { exact: true }).fill('2023-01-01')
    await form.getByLabel('To', { exact: true }).fill('2023-12-31')
    await form.getByLabel('Starting capital (₹)').fill('1000000')
    await form.getByLabel('Fast period').fill('5')
    await form.getByLabel('Slow period').fill('20')
    await form.getByLabel('Quantity').fill('100')
    await form.getByRole('button', { name: 'Run backtest' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)

    // Its progress shows while the engine compiles and runs it, then the report.
    const a = await expectReport(page)
    expect(await page.evaluate(() => document.documentElement.dataset.sawProgress)).toBe('yes')
    // The bundled NIFTY 50 minutes are of 2024: no benchmark line for 2023, and it says why.
    expect(await equityLegend(page)).toEqual(['Equity'])
    expect(await a.charts.textContent()).toContain('the bundled index data has none of this run')
    expect(streams[0]).toEqual({ status: 200, type: expect.stringMatching(/^text\/event-stream/) })
    expect(await region(page, 'Details').textContent()).toContain('fast = 5')

    // The whole trade log as CSV: a header and one line per trade.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      region(page, 'Trades').getByRole('button', { name: 'Download CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`trades-${a.id}.csv`)
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n')
    expect(csv[0]).toBe(
      'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason',
    )
    expect(csv).toHaveLength(a.total + 1)
    expect(csv[1]).toMatch(/^RELIANCE,LONG,CNC,100,2023-/)

    // Again with other parameters, from the report.
    await page.getByRole('link', { name: 'Run again with changes' }).click()
    await page.waitForURL(`**/backtests/new?rerun=${a.id}`)
    const again = region(page, 'Backtest a strategy')
    await patiently(() => again.getByLabel('Fast period').inputValue()).toBe('5')
    expect(await again.getByLabel('Symbols').inputValue()).toBe('RELIANCE')
    await again.getByLabel('Fast period').fill('10')
    await again.getByLabel('Slow period').fill('30')
    await again.getByRole('button', { name: 'Run backtest' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    const b = await expectReport(page)
    expect(b.id).not.toBe(a.id)

    // Both in the list, newest first; two selected and compared.
    await visit(page, '/backtests')
    const list = region(page, 'Your backtests')
    await eventually(() => list.getByRole('row').count()).toBe(3)
    expect(await list.getByRole('row').nth(1).getByRole('link').getAttribute('href')).toBe(
      `/backtests/${b.id}`,
    )
    // Each with its headline, as its report shows it.
    for (const run of [a, b]) {
      const row = list.getByRole('row').filter({ has: page.locator(`a[href$="${run.id}"]`) })
      const result = await row.locator('td[data-col="result"]').textContent()
      expect(result).toContain(run.totalReturn)
      expect(result).toMatch(new RegExp(`${run.trades} trades?$`))
    }
    await list.getByRole('checkbox', { name: new RegExp(a.id) }).check()
    await list.getByRole('checkbox', { name: new RegExp(b.id) }).check()
    await page.getByRole('button', { name: 'Compare selected' }).click()
    await page.waitForURL(`**/backtests/compare?a=${a.id}&b=${b.id}`)

    const runs = region(page, 'The runs')
    await eventually(() => runs.locator('tr[data-differs="true"]').allTextContents()).toEqual([
      'fast510',
      'slow2030',
    ])
    const compared = region(page, 'Metrics')
    const totalReturn = compared.getByRole('row').filter({ hasText: 'Total return' })
    expect(await totalReturn.getByRole('cell').count()).toBe(2)
    // Two different runs: one has the better return, marked.
    expect(await compared.locator('td[data-better="true"]').count()).toBeGreaterThan(0)
    const chart = region(page, 'Equity curves')
    await eventually(() =>
      chart.locator('figure.chart[data-ready] canvas').count(),
    ).toBeGreaterThan(0)
    const legend = await chart.locator('.legend-item').allTextContents()
    expect(legend.map((s) => s.trim())).toEqual([
      'A: Moving-average crossover (fast 5, slow 20)',
      'B: Moving-average crossover (fast 10, slow 30)',
    ])

    // A run of 2024, the index's year: its equity beside NIFTY 50 bought with the same capital.
    await visit(page, '/backtests/new?example=sma-crossover')
    const indexed = region(page, 'Backtest a strategy')
    await patiently(() => indexed.getByLabel('Fast period').isVisible()).toBe(true)
    await indexed.getByLabel('Symbols').fill('RELIANCE')
    await indexed.getByLabel('Bars').selectOption('1d')
    await indexed.getByLabel('From', { exact: true }).fill('2024-01-01')
    await indexed.getByLabel('To', { exact: true }).fill('2024-08-23')
    await indexed.getByRole('button', { name: 'Run backtest' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    const c = await expectReport(page)
    expect(await equityLegend(page)).toEqual(['Equity', 'NIFTY 50 buy-and-hold'])
    expect(await c.charts.textContent()).toContain(
      'NIFTY 50 buy-and-hold: the starting capital put in the index on the first day and held.',
    )

    // A run the engine refuses says why, in words.
    await visit(page, '/backtests/new?example=sma-crossover')
    const other = region(page, 'Backtest a strategy')
    await patiently(() => other.getByLabel('Fast period').isVisible()).toBe(true)
    await other.getByLabel('Symbols').fill('ADANIENT')
    await other.getByRole('button', { name: 'Run backtest' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    const status = page.getByRole('heading', { level: 1 }).locator('.badge')
    await patiently(() => status.textContent()).toBe('failed')
    const reason = page.getByRole('alert').filter({ hasText: 'Why it failed' })
    await eventually(() => reason.textContent()).toContain('not ADANIENT')

    // Deleted from its page, after a confirmation: the list no longer has it.
    const failed = jobId(page)!
    const asked: string[] = []
    page.once('dialog', (dialog) => {
      asked.push(dialog.message())
      void dialog.accept()
    })
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.waitForURL('**/backtests')
    expect(asked).toEqual(['Delete this backtest of “Moving-average crossover” and its report?'])
    const left = region(page, 'Your backtests')
    await eventually(() => left.getByRole('row').count()).toBe(4)
    expect(await left.locator(`a[href$="${failed}"]`).count()).toBe(0)
    expect(await left.locator(`a[href$="${c.id}"]`).count()).toBe(1)

    expect(errors).toEqual([])
  }, 600_000)
})

interface GridJob {
  id: string
  status: string
  result: null | {
    metrics: {
      sweep?: { rankedBy: string; runs: Array<{ rank: number; params: Record<string, number> }> }
      walkForward?: {
        rankedBy: string
        efficiency: number | null
        folds: Array<{
          inSample: { params: Record<string, number>; candidates: number; failed: number }
        }>
      }
    }
  }
}

describe('sweeps and walk-forward tests', () => {
  test('on Pro, a 2×2 sweep ranked by Calmar shows every combination ranked; walked forward, its folds', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Meera Pillai'))
    await page.waitForURL('**/account/security**')
    await enrolTwoFactor(page)
    await page.getByRole('button', { name: 'I have saved them' }).click()
    await upgradeToPro(page)

    // RELIANCE's daily bars of 2023, fast × slow, ranked by the Calmar ratio.
    await visit(page, '/backtests/new?example=sma-crossover')
    const form = region(page, 'Backtest a strategy')
    await patiently(() => form.getByLabel('Fast period').isVisible()).toBe(true)
    await form.getByLabel('Symbols').fill('RELIANCE')
    await form.getByLabel('From', { exact: true }).fill('2023-01-01')
    await form.getByLabel('To', { exact: true }).fill('2023-12-31')
    await form.getByLabel('Quantity').fill('100')
    await form.getByRole('checkbox', { name: /^Sweep parameters/ }).check()
    await form.getByLabel('Sweep grid').fill('fast = 5, 10\nslow = 20, 40')
    expect(await form.getByLabel('Rank by').inputValue()).toBe('sharpe')
    await form.getByLabel('Rank by').selectOption({ label: 'Calmar ratio (highest first)' })
    await form.getByRole('button', { name: 'Run sweep' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    const status = page.getByRole('heading', { level: 1 }).locator('.badge')
    await patiently(() => status.textContent()).toBe('succeeded')

    // Every combination in the API's order, the best marked, the ranking metric named.
    const sweepId = jobId(page)!
    const job = await apiGet<GridJob>(page, `/api/v1/backtests/${sweepId}?tradesLimit=0`)
    const ranked = job.result!.metrics.sweep!
    expect(ranked.rankedBy).toBe('calmar')
    const sweep = region(page, 'Sweep')
    await eventually(() => sweep.textContent()).toContain(
      '4 combinations, ranked by Calmar ratio (highest first): all 4 succeeded.',
    )
    const rows = sweep.getByRole('table').getByRole('row')
    expect(await rows.count()).toBe(5)
    expect((await rows.first().getByRole('columnheader').allTextContents()).slice(0, 4)).toEqual([
      'Rank',
      'fast',
      'slow',
      'Calmar ratio ★',
    ])
    const shown = await sweep
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
      )
    expect(shown).toEqual(
      ranked.runs.map((r) => [
        r.rank === 1 ? '1 Best' : String(r.rank),
        String(r.params.fast),
        String(r.params.slow),
      ]),
    )
    expect(await region(page, 'Details').textContent()).toContain('ranked by Calmar ratio')

    // Again, walked forward over two folds: each fold's pick beside how it did after.
    await page.getByRole('link', { name: 'Run again with changes' }).click()
    const again = region(page, 'Backtest a strategy')
    await patiently(() => again.getByLabel('Sweep grid').inputValue()).toBe(
      'fast = 5, 10\nslow = 20, 40',
    )
    expect(await again.getByLabel('Rank by').inputValue()).toBe('calmar')
    await again.getByRole('checkbox', { name: /^Walk-forward test/ }).check()
    await again.getByLabel('Folds').fill('2')
    await again.getByRole('button', { name: 'Run walk-forward test' }).click()
    await page.waitForURL(/\/backtests\/btj_\w+$/)
    expect(jobId(page)).not.toBe(sweepId)
    await patiently(() => status.textContent()).toBe('succeeded')
    const walked = await apiGet<GridJob>(page, `/api/v1/backtests/${jobId(page)}?tradesLimit=0`)
    expect(walked.result!.metrics.walkForward!.rankedBy).toBe('calmar')
    const walk = region(page, 'Walk-forward')
    await eventually(() => walk.textContent()).toContain('2 folds: in each, 4 combinations ran')
    expect(await walk.locator('tbody tr').count()).toBe(2)
    // The efficiency the engine measured, in words, and each fold's pick as the API has it.
    const result = walked.result!.metrics.walkForward!
    expect(await walk.getByTestId('efficiency-reading').textContent()).toBe(
      efficiencyReading(result.efficiency).text,
    )
    const picked = await walk
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent))
    expect(picked).toEqual(
      result.folds.map((f) => paramsText(f.inSample.params) + candidatesText(f.inSample)),
    )
    expect(await walk.getByRole('img', { name: /Total return of each fold/ }).count()).toBe(1)
    expect(await page.getByRole('region', { name: 'Sweep', exact: true }).count()).toBe(0)

    expect(errors).toEqual([])
  }, 300_000)
})
