import { readFileSync } from 'node:fs'
import type {} from '@vm-algo/db/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchBrowser } from './browser.ts'
import {
  enrolTwoFactor,
  eventually,
  newUser,
  openPage,
  region,
  signUp,
  upgradeToPro,
  visit,
} from './flows.ts'
import { type RunningPlatform, startPlatform } from './platform.ts'

// Issue 4 as a customer lives it, on the whole platform (`npm start`: core with its compiler,
// deployment engine and replay feed, the edge, the built app) in Chromium: write a strategy in
// the editor, see the compiler's errors at their line, save it, deploy it in paper mode and
// watch it run; on Pro, build a scan and watch its matches arrive.

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
 * Like `eventually`, for what waits on the engine or the compiler: compiling type-checks with
 * TypeScript, and the replay feed closes a 1-minute candle about every second.
 */
const patiently = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 90_000, interval: 500 })

// The example the editor offers, as the SDK ships it: the line after which the test types.
const EXAMPLE = readFileSync(
  new URL('../../plugins/examples/sma-crossover.ts', import.meta.url),
  'utf8',
)
const ANCHOR = 'if (timeframe !== ctx.params.timeframe) return'
const TYPED_LINE = EXAMPLE.split('\n').findIndex((line) => line.includes(ANCHOR)) + 2

const verdict = (page: Page) => page.locator('p.verdict')
const editorLine = (page: Page, text: string) => page.locator('.cm-line').filter({ hasText: text })
const TYPED = "ctx.buy(symbol, 'ten')"

describe('plugin editor and deployments', () => {
  test('write a strategy from the example, fix a type error, save, deploy in paper mode and watch it run', async () => {
    expect(TYPED_LINE).toBeGreaterThan(1)
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Neha Kulkarni'))
    await page.waitForURL('**/account/security**')

    // An empty workspace offers the SDK's examples.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Plugins' })
      .click()
    await eventually(() =>
      page.getByRole('heading', { name: 'Start from an example' }).isVisible(),
    ).toBe(true)
    await page
      .getByRole('link', { name: 'Start from the Moving-average crossover example' })
      .click()
    await page.waitForURL('**/plugins/new?example=sma-crossover')
    await page.locator('.code-editor[data-ready] .cm-content').waitFor()
    await patiently(() => verdict(page).textContent()).toBe(
      'Compiles: Moving-average crossover 1.0.0 (strategy).',
    )

    // Typing in the editor: the SDK's context members are offered, and a type error is flagged
    // at its line — in the list of problems and in the code.
    await editorLine(page, ANCHOR).click()
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('ctx.b')
    const offered = page.locator('.cm-tooltip-autocomplete li')
    await eventually(() => offered.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^buy/), expect.stringMatching(/^bars/)]),
    )
    await page.keyboard.type("uy(symbol, 'ten')")
    await page.keyboard.press('Escape')
    expect((await editorLine(page, TYPED).textContent())?.trim()).toBe(TYPED)
    const problems = page.getByRole('list', { name: 'Problems' }).getByRole('listitem')
    await patiently(() => problems.count()).toBe(1)
    expect(await problems.first().textContent()).toMatch(
      new RegExp(
        `^Line ${TYPED_LINE}, column \\d+ error .*not assignable to parameter of type 'number'`,
      ),
    )
    expect(await verdict(page).textContent()).toBe('1 error: fix the error to save.')
    await eventually(() =>
      editorLine(page, TYPED).locator('.cm-lintRange-error').count(),
    ).toBeGreaterThan(0)
    expect(await page.locator('.cm-lint-marker-error').count()).toBe(1)

    // It cannot be saved like that.
    await page.getByRole('button', { name: 'Save plugin' }).click()
    await eventually(() =>
      page.getByRole('alert').filter({ hasText: 'Not saved' }).textContent(),
    ).toContain('Fix the 1 error listed below, then save.')

    // Fixed (the line deleted), it compiles again; Validate agrees.
    await editorLine(page, TYPED).click()
    await page.keyboard.press('Control+Shift+K')
    await patiently(() => verdict(page).textContent()).toBe(
      'Compiles: Moving-average crossover 1.0.0 (strategy).',
    )
    expect(await problems.count()).toBe(0)
    await page.getByRole('button', { name: 'Validate' }).click()
    await patiently(() => verdict(page).textContent()).toBe(
      'Compiles: Moving-average crossover 1.0.0 (strategy).',
    )

    // Saved: a plugin named after its manifest, with its first immutable version.
    await page.getByRole('button', { name: 'Save plugin' }).click()
    await page.waitForURL(/\/plugins\/plg_\w+\?version=plv_\w+&saved=1$/)
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'Saved as version 1.0.0.' }).count(),
    ).toBe(1)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Moving-average crossover',
    )
    await eventually(() => region(page, 'Versions').textContent()).toContain('1.0.0')

    // Deploy it in paper mode on NIFTY50 (the index the replay feed plays), on 1-minute bars.
    await page.getByRole('link', { name: 'Deploy this version' }).click()
    await page.waitForURL('**/deployments?plugin=*&version=*')
    const form = region(page, 'Deploy a strategy')
    await eventually(() => form.getByRole('checkbox', { name: 'NIFTY50' }).count()).toBe(1)
    expect(await form.getByLabel('Fast period').inputValue()).toBe('10')
    expect(await form.getByText('2 to 200 · default 10').count()).toBe(1)
    await form.getByRole('button', { name: 'None' }).click()
    await form.getByRole('checkbox', { name: 'NIFTY50' }).check()
    await form.getByLabel('Fast period').fill('2')
    await form.getByLabel('Slow period').fill('3')
    await form.getByLabel('Timeframe').selectOption('1m')
    await form.getByRole('button', { name: 'Deploy' }).click()
    await page.waitForURL(/\/deployments\/dep_\w+$/)
    const deploymentUrl = page.url()
    const status = page.getByRole('heading', { level: 1 }).locator('.badge')
    expect(['starting', 'running']).toContain(await status.textContent())
    expect(await region(page, 'Details').textContent()).toContain('slow = 3')

    // The engine picks it up and runs it on the replay feed: its log fills, the page follows.
    await patiently(() => status.textContent()).toBe('running')
    const logRows = region(page, 'Log').getByRole('row')
    await patiently(() => logRows.count()).toBeGreaterThan(1)
    const intents = region(page, 'Order intents').getByRole('row')
    if ((await intents.count()) > 1) expect(await intents.nth(1).textContent()).toContain('NIFTY50')

    // The free plan runs one strategy at a time: a second deployment is refused, clearly.
    await visit(page, '/deployments')
    const again = region(page, 'Deploy a strategy')
    await eventually(() => again.getByRole('button', { name: 'Deploy' }).isEnabled()).toBe(true)
    await again.getByRole('button', { name: 'Deploy' }).click()
    const refusal = again.getByRole('alert').filter({ hasText: 'Your plan does not allow this' })
    await eventually(() => refusal.textContent()).toContain('at most 1 strategy at once')
    expect(await refusal.getByRole('link', { name: 'See the plans and upgrade' }).count()).toBe(1)

    // Paused, then stopped from its page: only the allowed actions are offered.
    await page.goto(deploymentUrl)
    await page.getByRole('button', { name: 'Pause' }).click()
    await eventually(() => status.textContent()).toBe('paused')
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Stop' }).click()
    await eventually(() => status.textContent()).toBe('stopped')
    expect(await page.getByRole('button', { name: 'Start' }).count()).toBe(1)

    expect(errors).toEqual([])
  }, 300_000)
})

describe('scan builder', () => {
  test('free plans are told to upgrade; on Pro a scan is built and its matches arrive live', async () => {
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, newUser('Arjun Menon'))
    await page.waitForURL('**/account/security**')

    await visit(page, '/scans')
    const upgrade = page.getByRole('status').filter({ hasText: 'part of the Pro and Elite plans' })
    await eventually(() => upgrade.count()).toBe(1)
    expect(await upgrade.getByRole('link', { name: 'See the plans and upgrade' }).count()).toBe(1)

    await visit(page, '/account/security')
    await enrolTwoFactor(page)
    await page.getByRole('button', { name: 'I have saved them' }).click()
    await upgradeToPro(page)

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Scans' })
      .click()
    const builder = region(page, 'Build a scan')
    await eventually(() => builder.getByLabel('Condition').isEditable()).toBe(true)

    // Checked as it is typed: a mistake is marked under its column, with the likely fix.
    await builder.getByLabel('Condition').fill('RSX(14) < 30')
    const problems = builder.getByRole('list', { name: 'Expression problems' })
    await eventually(() => problems.textContent()).toContain('did you mean RSI?')
    expect(await problems.locator('pre').textContent()).toBe('RSX(14) < 30\n^^^')
    expect(await builder.getByRole('button', { name: 'Create scan' }).isDisabled()).toBe(true)

    await builder.getByLabel('Condition').fill('close > 0')
    await eventually(() => builder.getByText('Valid:').textContent()).toBe('Valid: close > 0')
    await builder.getByText('The scanner it becomes').click()
    expect(await builder.locator('details.generated pre').textContent()).toContain('defineScanner')
    await builder.getByLabel('Symbols').fill('NIFTY50')
    await builder.getByLabel('Timeframe').selectOption('1m')
    await builder.getByRole('button', { name: 'Create scan' }).click()
    await page.waitForURL(/\/scans\/scn_\w+$/)
    expect(await region(page, 'What it looks for').textContent()).toContain('close > 0')

    // Every closed 1-minute candle of NIFTY50 matches; the table follows the engine.
    const rows = region(page, 'Matches').getByRole('row')
    await patiently(() => rows.count()).toBeGreaterThan(1)
    const newest = await rows.nth(1).textContent()
    expect(newest).toContain('NIFTY50')
    // Live: a newer candle's match arrives on top without a reload.
    await patiently(() => rows.nth(1).textContent()).not.toBe(newest)

    expect(errors).toEqual([])
  }, 300_000)
})
