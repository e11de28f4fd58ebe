import { errors, jwtVerify, SignJWT } from 'jose'
import type { EdgeConfig } from '../config.ts'

/** What an access token asserts. Live state (role, tier, revocation) is read per request. */
export interface AccessClaims {
  userId: string
  tenantId: string
  sessionId: string
}

const ALG = 'HS256'
const keys = new WeakMap<EdgeConfig, Uint8Array>()
const keyOf = (config: EdgeConfig) => {
  let key = keys.get(config)
  if (!key) {
    key = new TextEncoder().encode(config.JWT_SECRET)
    keys.set(config, key)
  }
  return key
}

/** Signs a short-lived access JWT (ACCESS_TOKEN_TTL_S, 60 minutes by default). */
export async function issueAccessToken(
  config: EdgeConfig,
  claims: AccessClaims,
  now: number = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.ACCESS_TOKEN_TTL_S)
    .sign(keyOf(config))
}

export type TokenFailure = 'expired' | 'invalid'

/** Verifies signature, algorithm, issuer, audience and expiry; never throws. */
export async function verifyAccessToken(
  config: EdgeConfig,
  token: string,
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: TokenFailure }> {
  try {
    const { payload } = await jwtVerify(token, keyOf(config), {
      algorithms: [ALG],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    })
    const { sub, tid, sid } = payload
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') {
      return { ok: false, reason: 'invalid' }
    }
    return { ok: true, claims: { userId: sub, tenantId: tid, sessionId: sid } }
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' }
  }
}
