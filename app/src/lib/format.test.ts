import { expect, test } from 'vitest'
import { formatDate, formatDateTime, formatMoney, timeAgo } from './format.ts'

test('money in rupees, with lakh grouping and paise only when there are some', () => {
  expect(formatMoney(99_900, 'inr')).toBe('₹999')
  expect(formatMoney(12_345_050, 'inr')).toBe('₹1,23,450.50')
  expect(formatMoney(1_000, 'usd')).toBe('$10')
})

test('dates and times in IST', () => {
  expect(formatDate('2026-12-06T20:00:00Z')).toBe('7 Dec 2026')
  expect(formatDateTime('2026-12-07T04:00:00Z')).toBe('7 Dec 2026, 9:30 am IST')
})

test('time ago in words', () => {
  const now = Date.parse('2026-11-30T12:00:00Z')
  expect(timeAgo('2026-11-30T11:59:30Z', now)).toBe('just now')
  expect(timeAgo('2026-11-30T11:55:00Z', now)).toBe('5 minutes ago')
  expect(timeAgo('2026-11-30T10:00:00Z', now)).toBe('2 hours ago')
  expect(timeAgo('2026-11-29T11:00:00Z', now)).toBe('yesterday')
  expect(timeAgo('2026-11-16T12:00:00Z', now)).toBe('2 weeks ago')
})
