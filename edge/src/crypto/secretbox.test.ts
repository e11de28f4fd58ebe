import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSecretBox, SecretBoxError } from './secretbox.ts'

const key = () => randomBytes(32).toString('base64')

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox({ v1: key() }, 'v1')

  it('seals to v1.<iv>.<ciphertext> and opens back, with a fresh IV each time', async () => {
    const a = await box.seal('JBSWY3DPEHPK3PXP', 'totp:usr_1')
    const b = await box.seal('JBSWY3DPEHPK3PXP', 'totp:usr_1')
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('JBSWY3DPEHPK3PXP')
    expect(await box.open(a, 'totp:usr_1')).toBe('JBSWY3DPEHPK3PXP')
  })

  it('refuses a tampered value, a value moved to another context, and a foreign key', async () => {
    const sealed = await box.seal('seed', 'totp:usr_1')
    const [v, iv, ct] = sealed.split('.')
    // Changes the second-to-last character (a whole six bits of the tag) to another one.
    const flipped = `${v}.${iv}.${ct!.slice(0, -2)}${ct!.at(-2) === 'A' ? 'B' : 'A'}${ct!.slice(-1)}`
    await expect(box.open(flipped, 'totp:usr_1')).rejects.toThrow(SecretBoxError)
    await expect(box.open(sealed, 'totp:usr_2')).rejects.toThrow(SecretBoxError)
    await expect(createSecretBox({ v1: key() }, 'v1').open(sealed, 'totp:usr_1')).rejects.toThrow(
      SecretBoxError,
    )
    await expect(box.open('garbage', 'totp:usr_1')).rejects.toThrow(SecretBoxError)
    await expect(box.open('v9.AAAA.AAAA', 'totp:usr_1')).rejects.toThrow(/known key/)
  })

  it('rotates keys: a new current key seals, old values still open and ask to be resealed', async () => {
    const k1 = key()
    const old = await createSecretBox({ v1: k1 }, 'v1').seal('seed', 'ctx')
    const rotated = createSecretBox({ v1: k1, v2: key() }, 'v2')
    expect(await rotated.open(old, 'ctx')).toBe('seed')
    expect(rotated.needsReseal(old)).toBe(true)
    const fresh = await rotated.seal('seed', 'ctx')
    expect(fresh.startsWith('v2.')).toBe(true)
    expect(rotated.needsReseal(fresh)).toBe(false)
  })

  it('refuses bad key configuration at construction', () => {
    expect(() => createSecretBox({ v1: randomBytes(16).toString('base64') }, 'v1')).toThrow(
      /32 bytes/,
    )
    expect(() => createSecretBox({ key1: key() }, 'key1')).toThrow(/v<n>/)
    expect(() => createSecretBox({ v1: key() }, 'v2')).toThrow(/current/)
  })
})
