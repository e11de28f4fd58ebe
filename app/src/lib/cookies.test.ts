import { expect, test } from 'vitest'
import { readCookie } from './cookies.ts'

test('readCookie finds one cookie among many', () => {
  expect(readCookie('a=1; vm_csrf=n0nce.m%2Fac; b=2', 'vm_csrf')).toBe('n0nce.m/ac')
  expect(readCookie('vm_csrf_old=1', 'vm_csrf')).toBeUndefined()
  expect(readCookie('', 'vm_csrf')).toBeUndefined()
})
