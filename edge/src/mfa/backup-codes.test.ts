import { describe, expect, it } from 'vitest'
import {
  BACKUP_CODE_COUNT,
  hashBackupCode,
  newBackupCodes,
  normalizeBackupCode,
} from './backup-codes.ts'

describe('backup codes', () => {
  it('makes 10 distinct codes of three groups of four unambiguous symbols', () => {
    const codes = newBackupCodes()
    expect(codes).toHaveLength(BACKUP_CODE_COUNT)
    expect(new Set(codes).size).toBe(BACKUP_CODE_COUNT)
    for (const code of codes)
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/)
  })

  it('reads codes as people type them, and refuses what cannot be one', () => {
    expect(normalizeBackupCode(' 7kq2 m9xd-4htr ')).toBe('7KQ2M9XD4HTR')
    expect(normalizeBackupCode('7KQ2-M9XD-4HT')).toBeNull()
    expect(normalizeBackupCode('7KQ2-M9XD-4HT0')).toBeNull()
    expect(normalizeBackupCode('123456')).toBeNull()
  })

  it('hashes per user: one code of two users stores differently', async () => {
    const a = await hashBackupCode('usr_a', '7KQ2M9XD4HTR')
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(await hashBackupCode('usr_b', '7KQ2M9XD4HTR')).not.toBe(a)
    expect(await hashBackupCode('usr_a', '7KQ2M9XD4HTR')).toBe(a)
  })
})
