import { describe, expect, it } from 'vitest'
import {
  ARGON2_PARAMS,
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from './password.ts'

describe('password hashing (argon2id, OWASP parameters)', () => {
  it('produces a PHC string with the OWASP parameters, a 16-byte salt and a 32-byte hash', async () => {
    const phc = await hashPassword('correct horse battery staple')
    const match = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      phc,
    )
    expect(match).not.toBeNull()
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(ARGON2_PARAMS.saltLength)
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(ARGON2_PARAMS.hashLength)
    expect(needsRehash(phc)).toBe(false)
  })

  it('verifies the right password and refuses a wrong one; equal passwords hash apart', async () => {
    const [a, b] = await Promise.all([
      hashPassword('s3cret-passphrase'),
      hashPassword('s3cret-passphrase'),
    ])
    expect(a).not.toBe(b)
    expect(await verifyPassword('s3cret-passphrase', a)).toBe(true)
    expect(await verifyPassword('s3cret-passphrasf', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('matches the same password typed in another Unicode form (NFKC)', async () => {
    const composed = 'caf\u00e9 au lait 2024'
    const decomposed = 'cafe\u0301 au lait 2024'
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true)
  })

  it('verifies hashes made with other parameters and flags them for rehashing', async () => {
    // The reference vector of argon2 (phc-winner-argon2) for "password" / "somesalt", m=64 KiB, t=2, p=1.
    const old =
      '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'
    expect(await verifyPassword('password', old)).toBe(true)
    expect(await verifyPassword('Password', old)).toBe(false)
    expect(needsRehash(old)).toBe(true)
  })

  it('treats malformed or hostile hash strings as a mismatch, never an exception', async () => {
    for (const bad of [
      '',
      'not-a-real-hash',
      '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      '$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      '$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
    ]) {
      expect(await verifyPassword('password', bad)).toBe(false)
      expect(needsRehash(bad)).toBe(true)
    }
  })

  it('does a dummy check that always fails (for unknown emails)', async () => {
    expect(await verifyDummyPassword('anything at all')).toBe(false)
  })
})
