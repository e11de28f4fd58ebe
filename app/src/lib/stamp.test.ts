import { expect, test } from 'vitest'
import { formatStamp } from './stamp.ts'

test('formatStamp reads the exchange clock to the second', () => {
  expect(formatStamp('2026-12-07T04:00:05Z')).toBe('7 Dec 2026, 09:30:05')
  expect(formatStamp('2024-03-31T18:45:00.250Z')).toBe('1 Apr 2024, 00:15:00')
})
