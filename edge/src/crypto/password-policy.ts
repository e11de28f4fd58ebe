/**
 * What a new password must satisfy (NIST SP 800-63B style: length over composition rules, and
 * no password an attacker tries first). Checked at sign-up and password change, never at login,
 * so tightening it never locks anyone out.
 */
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 256

// The most common passwords long enough to pass the length rule, from public breach
// frequency lists (shorter ones already fail on length). Compared case-insensitively.
const COMMON = new Set([
  '0000000000',
  '0123456789',
  '0987654321',
  '1111111111',
  '1234567890',
  '1234567891',
  '12345678910',
  '123456789012',
  '1234567890a',
  '123456789a',
  'a123456789',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  '1qaz2wsx3edc',
  '1qazxsw23edc',
  'zaq12wsxcde3',
  '123qweasdzxc',
  'qwe123qwe123',
  'asdfghjkl1',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'iloveyou12',
  'iloveyou123',
  'princess123',
  'football123',
  'baseball123',
  'sunshine123',
  'starwars123',
  'superman123',
  'michael123',
  'computer123',
  'whatever123',
  'welcome123',
  'welcome1234',
  'letmein123',
  'monkey1234',
  'dragon1234',
  'changeme123',
  'administrator',
  'admin12345',
  'admin123456',
  'india12345',
  'vmalgo1234',
  'vm-algo123',
])

/**
 * Why `password` is not acceptable for this account, as a message for the user, or null when it
 * is fine.
 *
 * @example
 * passwordProblem('password123', { email: 'a@b.in' }) // 'This password is among the most …'
 */
export function passwordProblem(
  password: string,
  account: { email?: string | undefined; name?: string | undefined } = {},
): string | null {
  const length = [...password].length
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`
  const lower = password.toLowerCase()
  if (/^(.)\1*$/su.test(password)) return 'Do not use one character repeated.'
  if (COMMON.has(lower)) {
    return 'This password is among the most commonly used ones; choose another.'
  }
  const email = account.email?.trim().toLowerCase()
  if (email && (lower === email || lower === email.split('@')[0])) {
    return 'Do not use your email address as your password.'
  }
  if (account.name && lower === account.name.trim().toLowerCase()) {
    return 'Do not use your name as your password.'
  }
  return null
}
