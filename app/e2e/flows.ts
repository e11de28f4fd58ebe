import { readFileSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { authenticator } from './totp.ts'

export const PASSWORD = 'monsoon ledger kite 2026'

/**
 * Waits for what the page shows to match, as a person waits for a page: up to 15 s (the whole
 * suite may be running on two busy cores), checking often.
 *
 * @example
 * await eventually(() => page.getByRole('status').textContent()).toContain('You are on Pro now')
 */
export const eventually = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 100 })

/**
 * For what waits on the engine or the compiler, up to 3 minutes: the first backtest compiles
 * its strategy with TypeScript in the core, and the whole suite may be running on two busy cores.
 *
 * @example await patiently(() => page.locator('h1 .badge').textContent()).toBe('succeeded')
 */
export const patiently = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 180_000, interval: 500 })

export interface User {
  name: string
  email: string
  workspace: string
}

/** A user nobody has registered yet in this run. */
export function newUser(name: string): User {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  return {
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}.${tag}@example.in`,
    workspace: `${name} ${tag}`,
  }
}

/** A fresh browser profile (no cookies) with a page that records what goes wrong in it. */
export async function openPage(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return { context, page, errors }
}

/** Opens a page and waits for it to hydrate (its script loaded and the API calls settled). */
export async function visit(page: Page, path: string) {
  await page.goto(path, { waitUntil: 'networkidle' })
}

/**
 * Signs up through the form and waits until it has left the sign-up page (for the security
 * page, or the `next` it was sent with), signed in. A refused sign-up fails with what the page
 * said: the callers' wait for the next page timed out telling nothing.
 */
export async function signUp(page: Page, user: User) {
  await page.getByLabel('Your name').fill(user.name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByLabel('Workspace name (optional)').fill(user.workspace)
  await page.getByRole('button', { name: 'Create account' }).click()
  await eventually(async () => {
    if (new URL(page.url()).pathname !== '/signup') return 'signed up'
    const alert = page.getByRole('alert')
    return (await alert.count()) > 0 ? `refused: ${await alert.first().textContent()}` : 'waiting'
  }).toBe('signed up')
}

/**
 * Turns on two-factor from the security page as a person would: reads the setup key off the
 * page into an "authenticator", and types its code. Returns the authenticator and the backup
 * codes the page shows.
 */
export async function enrolTwoFactor(page: Page) {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
  await eventually(() => page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true)
  const secret = (await page.getByLabel('Setup key').inputValue()).replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  const code = authenticator(secret)
  await page.getByLabel('Code from your app').fill(await code())
  await page.getByRole('button', { name: 'Turn on two-factor' }).click()
  const codes = page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')
  await codes.first().waitFor()
  return { code, backupCodes: await codes.allTextContents() }
}

/** The text of a region (a section named by its heading). */
export const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true })

/**
 * Upgrades the signed-in owner's workspace to Pro through the test checkout, from the billing
 * page; the owner needs two-factor on first (`enrolTwoFactor`). Returns once the page says so.
 */
export async function upgradeToPro(page: Page) {
  await visit(page, '/billing')
  await page
    .getByRole('article', { name: 'Pro' })
    .getByRole('button', { name: 'Upgrade to Pro' })
    .click()
  await page.getByRole('button', { name: 'Pay (test)' }).click()
  await page.waitForURL('**/billing?checkout=success**')
  await eventually(() =>
    page.getByRole('status').filter({ hasText: 'You are on Pro now' }).count(),
  ).toBe(1)
  await eventually(() => page.locator('header .tier').textContent()).toBe('Pro')
}

/**
 * GETs an API path as the signed-in page does (its cookies, through the app's /api proxy), to
 * check what a page shows against what the API says.
 *
 * @example const job = await apiGet<{ status: string }>(page, `/api/v1/backtests/${id}`)
 */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const answer = await page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin' })
    return { status: response.status, body: await response.text() }
  }, path)
  if (answer.status !== 200)
    throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`)
  return JSON.parse(answer.body) as T
}

/** A file as a person picks it from their disk. */
export interface TestFile {
  name: string
  mimeType: string
  text: string
}

/**
 * Drops a file on `target` as dragging it from the desktop does: `dragover`, then `drop` with a
 * DataTransfer holding the file.
 *
 * @example await dropFile(page.locator('.drop-zone'), { name: 'a.csv', mimeType: 'text/csv', text })
 */
export async function dropFile(target: Locator, file: TestFile) {
  const dataTransfer = await target.page().evaluateHandle((f) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([f.text], f.name, { type: f.mimeType }))
    return transfer
  }, file)
  await target.dispatchEvent('dragover', { dataTransfer })
  await target.dispatchEvent('drop', { dataTransfer })
}

/**
 * Runs `start` (a click on a download button or link) and returns the file the browser saved:
 * its suggested name and its text.
 *
 * @example const file = await download(page, () => page.getByRole('button', { name: 'Download' }).click())
 */
export async function download(page: Page, start: () => Promise<void>) {
  const [saved] = await Promise.all([page.waitForEvent('download'), start()])
  return { name: saved.suggestedFilename(), text: readFileSync(await saved.path(), 'utf8') }
}
