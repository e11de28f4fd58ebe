/** Base64url without padding (RFC 4648 §5), as tokens, IVs and cookies carry it. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url (padding optional); throws on anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url')
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'))
}

/** Standard base64; `pad: false` drops the `=` padding, as PHC strings do. */
export function toBase64(bytes: Uint8Array, pad = true): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  const out = btoa(binary)
  return pad ? out : out.replace(/=+$/, '')
}

/** Decodes standard base64 with or without padding; throws on anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const padded = text + '='.repeat((4 - (text.length % 4)) % 4)
  const binary = atob(padded)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
