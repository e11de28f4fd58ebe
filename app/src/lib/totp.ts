export type CodeCheck = { ok: true; code: string } | { ok: false; message: string }

/**
 * Checks a typed second-factor code before it is sent, so a typo gets a precise message rather
 * than a failed (and counted) attempt. App codes are 6 digits (spaces allowed: apps show
 * "123 456"); backup codes are 12 letters and digits, dashes and case as the user likes.
 *
 * @example
 * checkSecondFactor('123 456', 'app') // { ok: true, code: '123456' }
 * checkSecondFactor('7kq2 m9xd 4htr', 'backup') // { ok: true, code: '7KQ2-M9XD-4HTR' }
 */
export function checkSecondFactor(input: string, kind: 'app' | 'backup'): CodeCheck {
  if (kind === 'app') {
    const code = input.replace(/\s/g, '')
    return /^\d{6}$/.test(code)
      ? { ok: true, code }
      : { ok: false, message: 'Enter the 6 digits your authenticator app shows.' }
  }
  const symbols = input.toUpperCase().replace(/[\s-]/g, '')
  return /^[0-9A-Z]{12}$/.test(symbols)
    ? { ok: true, code: symbols.match(/.{4}/g)!.join('-') }
    : { ok: false, message: 'A backup code has 12 letters and digits, like 7KQ2-M9XD-4HTR.' }
}

/** A TOTP secret in groups of four, for typing into an app by hand. */
export const groupSecret = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret
