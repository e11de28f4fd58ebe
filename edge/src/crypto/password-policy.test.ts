import { describe, expect, it } from 'vitest'
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-policy.ts'

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('lemon tree by the river', { email: 'asha@example.in' })).toBeNull()
    expect(passwordProblem(`${'x'.repeat(9)}y`)).toBeNull()
  })

  it('enforces 10 to 256 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('a1b2c3d4e')).toBe(`Use at least ${PASSWORD_MIN} characters.`)
    expect(passwordProblem('ab'.repeat(129))).toBe(`Use at most ${PASSWORD_MAX} characters.`)
    expect(passwordProblem('पासवर्डपासवर्डअब')).toBeNull()
  })

  it('refuses the most common passwords in any case', () => {
    expect(passwordProblem('Password123')).toMatch(/most commonly used/)
    expect(passwordProblem('QWERTYUIOP')).toMatch(/most commonly used/)
    expect(passwordProblem('1234567890')).toMatch(/most commonly used/)
  })

  it('refuses the email address, its local part and the name', () => {
    const account = { email: 'Asha.Verma@Example.in', name: 'Asha Verma Kapoor' }
    expect(passwordProblem('asha.verma@example.in', account)).toMatch(/email address/)
    expect(passwordProblem('asha.verma', { email: 'asha.verma@example.in' })).toMatch(/email/)
    expect(passwordProblem('asha verma kapoor', account)).toMatch(/name/)
  })

  it('refuses one character repeated', () => {
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated/)
  })
})
