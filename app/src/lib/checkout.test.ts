import { expect, test } from 'vitest'
import { checkoutSettled } from './checkout.ts'

test('a checkout has settled when the plan bought shows (any paid plan if unknown)', () => {
  expect(checkoutSettled({ tier: 'pro' }, 'pro')).toBe(true)
  expect(checkoutSettled({ tier: 'pro' }, 'elite')).toBe(false)
  expect(checkoutSettled({ tier: 'free' }, undefined)).toBe(false)
  expect(checkoutSettled({ tier: 'elite' }, undefined)).toBe(true)
})
