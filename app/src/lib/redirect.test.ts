import { describe, expect, test } from 'vitest'
import { loginHref, safeNext, withCarriedHash, withNext } from './redirect.ts'

describe('safeNext', () => {
  test('keeps paths on this site with their query and fragment', () => {
    expect(safeNext('/billing?checkout=success')).toBe('/billing?checkout=success')
    expect(safeNext('/invitations/accept#token=abc')).toBe('/invitations/accept#token=abc')
  })

  test.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    'billing',
    '',
  ])('refuses %j and goes to the account page', (next) => {
    expect(safeNext(next)).toBe('/account')
  })

  test('never returns to the sign-in pages', () => {
    expect(safeNext('/login?next=/x')).toBe('/account')
    expect(safeNext('/signup')).toBe('/account')
  })
})

test('loginHref brings the visitor back to the page they opened', () => {
  expect(loginHref('/billing?checkout=success')).toBe('/login?next=%2Fbilling%3Fcheckout%3Dsuccess')
  expect(loginHref('/account')).toBe('/login')
})

test('withCarriedHash adds the fragment a server redirect kept, unless next has one', () => {
  expect(withCarriedHash('/invitations/accept', '#token=abc')).toBe('/invitations/accept#token=abc')
  expect(withCarriedHash('/team#members', '#token=abc')).toBe('/team#members')
  expect(withCarriedHash('/team', '')).toBe('/team')
})

test('withNext keeps where the visitor was going between log in and sign up', () => {
  expect(withNext('/signup', '/invitations/accept', '#token=abc')).toBe(
    '/signup?next=%2Finvitations%2Faccept#token=abc',
  )
  expect(withNext('/signup', undefined, '#token=abc')).toBe('/signup')
  expect(withNext('/login', 'https://evil.example/')).toBe('/login')
})
