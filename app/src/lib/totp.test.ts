import { expect, test } from 'vitest'
import { checkSecondFactor, groupSecret } from './totp.ts'

test('app codes: six digits, spaces as the app shows them allowed', () => {
  expect(checkSecondFactor('123 456', 'app')).toEqual({ ok: true, code: '123456' })
  expect(checkSecondFactor('12345', 'app')).toEqual({
    ok: false,
    message: 'Enter the 6 digits your authenticator app shows.',
  })
  expect(checkSecondFactor('12345a', 'app').ok).toBe(false)
})

test('backup codes: any case, spaces or dashes, sent in their printed form', () => {
  expect(checkSecondFactor('7kq2 m9xd 4htr', 'backup')).toEqual({
    ok: true,
    code: '7KQ2-M9XD-4HTR',
  })
  expect(checkSecondFactor('7KQ2M9XD4HTR', 'backup')).toEqual({ ok: true, code: '7KQ2-M9XD-4HTR' })
  expect(checkSecondFactor('7KQ2-M9XD', 'backup').ok).toBe(false)
})

test('setup keys are shown in groups of four', () => {
  expect(groupSecret('ITT6LH7HQ7XMAOONSEY6')).toBe('ITT6 LH7H Q7XM AOON SEY6')
})
