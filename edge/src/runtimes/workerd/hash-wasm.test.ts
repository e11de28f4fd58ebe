import { argon2id as wasmArgon2id } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import { ARGON2_PARAMS } from '../../crypto/password.ts'
import { argon2id } from './hash-wasm.ts'

// Cheap parameters keep the cases fast; the OWASP ones run once to cover the real setting.
const cases = [
  { password: 'lemon tree by the river 42', memorySize: 64, iterations: 2, parallelism: 1 },
  { password: 'पासवर्ड ñ 🚀', memorySize: 256, iterations: 3, parallelism: 2 },
  { password: new Uint8Array([0, 1, 2, 255]), memorySize: 128, iterations: 1, parallelism: 4 },
  { password: 'owasp', ...ARGON2_PARAMS },
]

describe("argon2id for Workers (wrangler.toml's alias of hash-wasm)", () => {
  it('derives the very bytes hash-wasm derives, so a hash made on one runtime verifies on the others', async () => {
    for (const params of cases) {
      const options = {
        salt: crypto.getRandomValues(new Uint8Array(16)),
        hashLength: 32,
        ...params,
        outputType: 'binary' as const,
      }
      expect(await argon2id(options)).toEqual(await wasmArgon2id(options))
    }
  })

  it('answers hex by default and takes a secret, as hash-wasm does', async () => {
    const options = {
      password: 'pw',
      salt: 'saltsaltsalt',
      secret: 'pepper',
      memorySize: 64,
      iterations: 1,
      parallelism: 1,
      hashLength: 16,
    }
    const hex = await argon2id(options)
    expect(hex).toMatch(/^[0-9a-f]{32}$/)
    expect(hex).toBe(await wasmArgon2id(options))
  })

  it('refuses the encoded output it does not implement', async () => {
    const options = { password: 'pw', salt: 'saltsaltsalt', memorySize: 64, iterations: 1 }
    await expect(
      argon2id({ ...options, parallelism: 1, hashLength: 16, outputType: 'encoded' }),
    ).rejects.toThrow(/outputType "encoded" is not supported/)
  })
})
