import { generateSecret, generateURI, verify } from 'otplib'
import { renderSVG } from 'uqr'

/** The name authenticator apps show above the code. */
export const TOTP_ISSUER = 'vm-algo'
/** RFC 6238 defaults (what every authenticator app assumes): SHA-1, 6 digits, 30 s steps. */
export const TOTP_PERIOD_S = 30
// One step either side absorbs phone clocks that drift by up to half a minute.
const TOLERANCE_S = TOTP_PERIOD_S

/** A new base32 TOTP secret of 20 random bytes (160 bits, RFC 4226's recommendation). */
export const newTotpSecret = (): string => generateSecret({ length: 20 })

/** The `otpauth://totp/…` URI an authenticator app imports (usually from a QR code). */
export const totpUri = (secret: string, accountName: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, period: TOTP_PERIOD_S })

/** The URI as an SVG QR code, ready to inline in the enrolment page. */
export const totpQrSvg = (uri: string): string => renderSVG(uri, { ecc: 'M', border: 2 })

/**
 * Checks a 6-digit code and returns the time step it belongs to, or null. A code whose step is
 * not after `lastUsedStep` is refused, so each code works once (RFC 6238 §5.2). otplib 13
 * answers with an object: only `.valid` says yes (see TRAPS.md).
 *
 * @example
 * const step = await matchTotp(secret, '123456', credential.lastUsedStep)
 * if (step !== null) await saveLastUsedStep(step)
 */
export async function matchTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: number = Date.now(),
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_S,
    period: TOTP_PERIOD_S,
    ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }),
  })
  // The result type also covers HOTP, whose answer has no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null
}
