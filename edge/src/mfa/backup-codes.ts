import { sha256Hex } from '../crypto/hash.ts'

/** How many single-use recovery codes a user holds at a time. */
export const BACKUP_CODE_COUNT = 10

// 32 symbols without 0/O and 1/I, which people misread when typing codes from paper; 256 is a
// multiple of 32, so `byte % 32` picks each symbol with equal probability.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const GROUPS = 3
const GROUP_LENGTH = 4

/**
 * Fresh backup codes like `7KQ2-M9XD-4HTR` (12 symbols, 60 bits each): enough that stored
 * SHA-256 hashes cannot be reversed by guessing, short enough to type.
 */
export function newBackupCodes(count = BACKUP_CODE_COUNT): string[] {
  const codes = new Set<string>()
  while (codes.size < count) {
    const bytes = crypto.getRandomValues(new Uint8Array(GROUPS * GROUP_LENGTH))
    const symbols = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
    codes.add(symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-'))
  }
  return [...codes]
}

/** The canonical form of what a user typed (any case, spaces or dashes), or null if it cannot be a code. */
export function normalizeBackupCode(input: string): string | null {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '')
  if (symbols.length !== GROUPS * GROUP_LENGTH) return null
  for (const ch of symbols) if (!ALPHABET.includes(ch)) return null
  return symbols
}

/** The stored form: SHA-256 over the user id and the canonical code, so equal codes of two users differ. */
export const hashBackupCode = (userId: string, canonical: string): Promise<string> =>
  sha256Hex(`backup-code:${userId}:${canonical}`)
