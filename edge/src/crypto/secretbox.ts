import type { EdgeConfig } from '../config.ts'
import { fromBase64, fromBase64Url, toBase64Url } from './encoding.ts'

/**
 * Authenticated encryption for secrets at rest (TOTP seeds, broker credentials): AES-256-GCM
 * through Web Crypto. A sealed value reads `v1.<iv>.<ciphertext>` (base64url); the key version
 * in front lets a new key take over while old values still open (`needsReseal` finds them).
 * `context` (e.g. `totp:<userId>`) is bound in as associated data, so a ciphertext copied onto
 * another row or purpose does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>
  /** Throws SecretBoxError when the value was tampered with, moved, or its key is unknown. */
  open(sealed: string, context: string): Promise<string>
  /** True when `sealed` was made with an older key than the current one. */
  needsReseal(sealed: string): boolean
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError'
}

const IV_BYTES = 12
const VERSION = /^v\d+$/
const encoder = new TextEncoder()
// Web Crypto's key type, named so it means the same under Node's and the WebWorker typings.
type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>
const decoder = new TextDecoder()

/**
 * A box over base64 AES-256 keys by version; `current` seals, every listed key opens.
 *
 * @example
 * const box = createSecretBox({ v1: ENCRYPTION_KEY }, 'v1')
 * const sealed = await box.seal('JBSWY3DPEHPK3PXP', `totp:${userId}`)
 */
export function createSecretBox(keys: Record<string, string>, current: string): SecretBox {
  const imported = new Map<string, Promise<WebCryptoKey>>()
  for (const [version, base64] of Object.entries(keys)) {
    if (!VERSION.test(version)) throw new SecretBoxError(`key version "${version}" must be v<n>`)
    const raw = fromBase64(base64)
    if (raw.length !== 32) throw new SecretBoxError(`key ${version} must be 32 bytes`)
    imported.set(
      version,
      crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']),
    )
  }
  const currentKey = imported.get(current)
  if (!currentKey) throw new SecretBoxError(`no key for the current version "${current}"`)
  const aad = (version: string, context: string) => encoder.encode(`${version}:${context}`)

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad(current, context) },
        await currentKey,
        encoder.encode(plaintext),
      )
      return `${current}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`
    },
    async open(sealed, context) {
      const [version, ivText, ciphertextText, ...rest] = sealed.split('.')
      const key = version ? imported.get(version) : undefined
      if (!version || !key || ivText === undefined || ciphertextText === undefined || rest.length) {
        throw new SecretBoxError('not a sealed value of a known key')
      }
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64Url(ivText), additionalData: aad(version, context) },
          await key,
          fromBase64Url(ciphertextText),
        )
        return decoder.decode(plaintext)
      } catch {
        throw new SecretBoxError('the sealed value does not open (tampered, moved or wrong key)')
      }
    },
    needsReseal: (sealed) => !sealed.startsWith(`${current}.`),
  }
}

const boxes = new WeakMap<EdgeConfig, SecretBox>()

/** The process's box over ENCRYPTION_KEY (version v1), built once per config. */
export function secretBoxFor(config: EdgeConfig): SecretBox {
  let box = boxes.get(config)
  if (!box) {
    box = createSecretBox({ v1: config.ENCRYPTION_KEY }, 'v1')
    boxes.set(config, box)
  }
  return box
}
