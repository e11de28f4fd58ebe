import type {} from '@vm-algo/db/testing'
import type { Browser } from 'playwright-core'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchBrowser } from './browser.ts'
import {
  enrolTwoFactor,
  eventually,
  newUser,
  openPage,
  PASSWORD,
  region,
  signUp,
  visit,
} from './flows.ts'
import { type RunningPlatform, startPlatform } from './platform.ts'

// The platform for real, as `npm start` runs it (embedded database, core, edge, the local test
// Stripe and the built app), driven in Chromium the way a customer uses it. `npm test` builds
// the app first; alone, `scripts/start.ts` builds it when the sources are newer.

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

describe('customer journey', () => {
  test('sign up → two-factor → log out → log in with a code → upgrade to Pro', async () => {
    const { context, page, errors } = await openPage(browser, platform.appUrl)
    const user = newUser('Asha Rao')

    // Sign up from the status page's navigation.
    await visit(page, '/')
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign up' })
      .click()
    await eventually(() =>
      page.getByRole('heading', { name: 'Create your account' }).isVisible(),
    ).toBe(true)
    await signUp(page, user)
    await page.waitForURL('**/account/security?welcome=1')
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'Welcome to vm-algo, Asha Rao' }).count(),
    ).toBe(1)
    const header = page.locator('header')
    expect(await header.textContent()).toContain(user.email)
    expect(await header.locator('.tier').textContent()).toBe('Free')
    expect(await region(page, 'Two-factor authentication').locator('.badge').textContent()).toBe(
      'Off',
    )

    // Two-factor: QR code and setup key, the first code, then the backup codes once.
    const { code, backupCodes } = await enrolTwoFactor(page)
    expect(backupCodes).toHaveLength(10)
    for (const backup of backupCodes)
      expect(backup).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download (.txt)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('vm-algo-backup-codes.txt')
    await page.getByRole('button', { name: 'I have saved them' }).click()
    expect(await region(page, 'Two-factor authentication').locator('.badge').textContent()).toBe(
      'On',
    )
    expect(await page.getByRole('list', { name: 'Backup codes' }).count()).toBe(0)

    // Log out: the navigation offers logging in again.
    await header.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('**/login?signed_out=1')
    expect(await page.getByRole('status').textContent()).toBe('You have logged out.')
    expect(await header.getByRole('link', { name: 'Log in' }).count()).toBe(1)

    // A protected page sends a signed-out visitor to log in, and back after.
    await visit(page, '/billing')
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?next=%2Fbilling')
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await eventually(() =>
      page.getByRole('heading', { name: 'Two-factor authentication' }).isVisible(),
    ).toBe(true)
    await page.getByLabel('6-digit code').fill('000000')
    await page.getByRole('button', { name: 'Verify and log in' }).click()
    await eventually(() => page.getByRole('alert').textContent()).toBe(
      'That code is wrong or was already used.',
    )
    await page.getByLabel('6-digit code').fill(await code())
    await page.getByRole('button', { name: 'Verify and log in' }).click()
    await page.waitForURL('**/billing')
    await eventually(() => region(page, 'Current plan').isVisible()).toBe(true)
    expect(await region(page, 'Current plan').textContent()).toContain('Free')

    // An expired access cookie is renewed from the refresh cookie without a new login.
    await context.clearCookies({ name: 'vm_access' })
    await visit(page, '/billing')
    await eventually(() => region(page, 'Current plan').isVisible()).toBe(true)
    expect((await context.cookies()).map((c) => c.name)).toContain('vm_access')

    // The plans come from the API, in rupees.
    const pro = page.getByRole('article', { name: 'Pro' })
    expect(await pro.textContent()).toContain('₹999')
    expect(await pro.textContent()).toContain('Paper and live trading')
    expect(await page.getByRole('article', { name: 'Elite' }).textContent()).toContain('₹2,999')

    // Upgrade through the test checkout.
    await pro.getByRole('button', { name: 'Upgrade to Pro' }).click()
    await page.getByRole('button', { name: 'Pay (test)' }).waitFor()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Subscribe to vm-algo Pro',
    )
    expect(await page.locator('body').textContent()).toContain('₹999')
    await page.getByRole('button', { name: 'Pay (test)' }).click()
    await page.waitForURL('**/billing?checkout=success**')
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'You are on Pro now' }).count(),
    ).toBe(1)
    const current = await region(page, 'Current plan').textContent()
    expect(current).toContain('Pro')
    expect(current).toContain('Active')
    expect(current).toMatch(/Renews on \d{1,2} [A-Z][a-z]{2} \d{4}\./)
    await eventually(() => header.locator('.tier').textContent()).toBe('Pro')
    expect(await pro.getByText('Your plan').count()).toBe(1)

    // The session list knows this browser, opened with the second factor.
    await visit(page, '/account/sessions')
    const sessions = region(page, 'Where you are logged in')
    await eventually(() => sessions.getByText('This device').count()).toBe(1)
    expect(await sessions.textContent()).toContain('2FA')

    expect(errors).toEqual([])
    await context.close()
  })
})

describe('team', () => {
  test('an owner invites by email; the invitee signs up through the link and joins', async () => {
    const owner = newUser('Vikram Shah')
    const invitee = newUser('Kiran Iyer')
    const ownerTab = await openPage(browser, platform.appUrl)
    await visit(ownerTab.page, '/signup')
    await signUp(ownerTab.page, owner)
    await ownerTab.page.waitForURL('**/account/security**')

    await visit(ownerTab.page, '/team')
    const members = region(ownerTab.page, 'Members')
    await eventually(() => members.getByText(`${owner.name} (you)`).count()).toBe(1)
    await ownerTab.page.getByLabel('Email address').fill(invitee.email)
    await ownerTab.page.getByLabel('Role', { exact: true }).selectOption('admin')
    await ownerTab.page.getByRole('button', { name: 'Create invitation' }).click()
    const link = await ownerTab.page.getByLabel('Invitation link').inputValue()
    expect(link).toMatch(/\/invitations\/accept#token=[\w-]{20,}$/)
    await eventually(() =>
      region(ownerTab.page, 'Invitations')
        .getByRole('row')
        .filter({ hasText: invitee.email })
        .textContent(),
    ).toContain('pending')

    // The invitee is signed out: log in is offered, and signing up instead keeps the invitation.
    const inviteeTab = await openPage(browser, platform.appUrl)
    await visit(inviteeTab.page, link.replace(platform.appUrl, ''))
    await inviteeTab.page.waitForURL('**/login?next=**')
    await inviteeTab.page.getByRole('link', { name: 'Create an account' }).click()
    await inviteeTab.page.waitForURL('**/signup?next=**')
    await signUp(inviteeTab.page, invitee)
    await inviteeTab.page.waitForURL('**/invitations/accept#token=**')
    await inviteeTab.page.getByRole('button', { name: 'Accept invitation' }).click()
    await eventually(() =>
      inviteeTab.page
        .getByRole('status')
        .filter({ hasText: `You joined “${owner.workspace}”` })
        .count(),
    ).toBe(1)
    expect(await inviteeTab.page.locator('main').textContent()).toContain('Your role there: Admin.')

    await visit(ownerTab.page, '/team')
    const row = region(ownerTab.page, 'Members').getByRole('row').filter({ hasText: invitee.email })
    await eventually(() => row.count()).toBe(1)
    expect(await row.getByLabel(`Role of ${invitee.name}`).inputValue()).toBe('admin')
    expect(ownerTab.errors).toEqual([])
    expect(inviteeTab.errors).toEqual([])
    await ownerTab.context.close()
    await inviteeTab.context.close()
  })
})

describe('admin console', () => {
  test('a platform admin finds a tenant, suspends it with a reason and sees it in the verified audit log', async () => {
    const customer = newUser('Ravi Traders')
    const signUpCustomer = await fetch(`${platform.appUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: customer.email,
        password: PASSWORD,
        name: customer.name,
        tenantName: customer.workspace,
      }),
    })
    expect(signUpCustomer.status).toBe(201)

    const admin = newUser('Meera Admin')
    const { page, errors } = await openPage(browser, platform.appUrl)
    await visit(page, '/signup')
    await signUp(page, admin)
    await page.waitForURL('**/account/security**')
    await enrolTwoFactor(page)
    // Platform admins are made by the operator, in the database.
    const sql = postgres(platform.databaseUrl, { max: 1, onnotice: () => {} })
    await sql`update users set is_platform_admin = true where email = ${admin.email}`
    await sql.end()

    await visit(page, '/account')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await eventually(() => nav.getByRole('link', { name: 'Admin' }).count()).toBe(1)
    await nav.getByRole('link', { name: 'Admin' }).click()
    await page.getByLabel('Search').fill(customer.workspace)
    await page.getByRole('button', { name: 'Search' }).click()
    const rows = region(page, 'Tenants').getByRole('row')
    await eventually(() => rows.count()).toBe(2) // the header and one tenant
    expect(await rows.nth(1).textContent()).toContain(customer.email)
    await rows.nth(1).getByRole('link', { name: customer.workspace }).click()

    await page.getByLabel('Reason for suspending').fill('Chargeback under review')
    await page.getByRole('button', { name: 'Suspend workspace' }).click()
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'is suspended; 1 session ended.' }).count(),
    ).toBe(1)
    expect(await page.getByRole('alert').filter({ hasText: 'Suspended' }).textContent()).toContain(
      'Reason: Chargeback under review.',
    )

    // Its owner can no longer log in, and is told why.
    const customerTab = await openPage(browser, platform.appUrl)
    await visit(customerTab.page, '/login')
    await customerTab.page.getByLabel('Email').fill(customer.email)
    await customerTab.page.getByLabel('Password').fill(PASSWORD)
    await customerTab.page.getByRole('button', { name: 'Log in' }).click()
    await eventually(() => customerTab.page.getByRole('alert').textContent()).toBe(
      'This workspace is suspended. Contact support.',
    )
    await customerTab.context.close()

    await page.getByRole('link', { name: 'Audit log of this workspace' }).click()
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'Chain verified' }).count(),
    ).toBe(1)
    const entry = region(page, 'Entries')
      .getByRole('row')
      .filter({ hasText: 'Admin · tenant suspended' })
    expect(await entry.textContent()).toContain('reason: Chargeback under review')

    // Reinstated, the owner can log in again.
    await page.goBack()
    await page.getByLabel('Reason for reinstating').fill('Chargeback resolved')
    await page.getByRole('button', { name: 'Reinstate workspace' }).click()
    await eventually(() =>
      page.getByRole('status').filter({ hasText: 'is active again' }).count(),
    ).toBe(1)
    expect(errors).toEqual([])
  })
})
