/**
 * The audit verification command, run as a user runs it: against the embedded database in
 * DATA_DIR, against a URL (the running platform's embedded server, or PostgreSQL), naming the
 * first tampered entry and exiting non-zero.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Database, newId } from '@vm-algo/db'
import { migrateDatabase, openDatabase, pgliteDir, serveEmbedded } from '@vm-algo/db/node'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { appendAudit, PLATFORM_CHAIN } from '../edge/src/audit/chain.ts'
import { tamperAuditLog } from '../edge/src/testing/harness.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

function run(args: string[], env: Record<string, string>) {
  const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), ...env }
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL
  const child = spawn(process.execPath, ['scripts/audit-verify.ts', ...args], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    out += d
  })
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, out })),
  )
}

/** Three entries on `chain`; returns their seqs. */
async function entries(db: Database, chain: string): Promise<number[]> {
  const seqs = []
  for (let i = 0; i < 3; i++) {
    const entry = chain.startsWith('tnt_')
      ? await appendAudit(db, {
          tenantId: chain,
          actorUserId: null,
          action: 'test.cli',
          data: { i },
        })
      : await appendAudit(db, { chain, actorUserId: null, action: 'test.cli', data: { i } })
    seqs.push(entry.seq)
  }
  return seqs
}

describe('scripts/audit-verify.ts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vmalgo-audit-'))
  const tenant = newId('tenant')
  let tenantSeqs: number[] = []

  beforeAll(async () => {
    const handle = await openDatabase({ pglite: { dataDir: pgliteDir(dataDir) } })
    await migrateDatabase(handle)
    await entries(handle.db, PLATFORM_CHAIN)
    tenantSeqs = await entries(handle.db, tenant)
    await handle.close()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('verifies every chain of the embedded database in DATA_DIR', async () => {
    const { code, out } = await run([], { DATA_DIR: dataDir })
    expect(out).toMatch(/^ok {4}platform: 3 entries, last #\d+ [0-9a-f]{64}$/m)
    expect(out).toMatch(new RegExp(`^ok {4}${tenant}: 3 entries`, 'm'))
    expect(code).toBe(0)
  })

  it('names the first tampered entry and exits 1', async () => {
    const handle = await openDatabase({ pglite: { dataDir: pgliteDir(dataDir) } })
    await tamperAuditLog(
      handle.db,
      sql`update audit_log set action = 'test.forged' where seq = ${tenantSeqs[1]!}`,
    )
    await handle.close()
    const all = await run([], { DATA_DIR: dataDir })
    expect(all.code).toBe(1)
    expect(all.out).toContain(`BROKEN ${tenant}: entry #${tenantSeqs[1]} (altered)`)
    expect(all.out).toMatch(/^ok {4}platform/m)
    const json = await run(['--chain', tenant, '--json'], { DATA_DIR: dataDir })
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ ok: false, chain: tenant, firstBadSeq: tenantSeqs[1] }),
    ])
  })

  it('leaves a database a running platform holds alone, and reads it through its URL', async () => {
    const server = await serveEmbedded({ dataDir: pgliteDir(dataDir) })
    try {
      const held = await run([], { DATA_DIR: dataDir })
      expect(held.code).toBe(2)
      expect(held.out).toMatch(/in use .* --url/)
      const viaUrl = await run(['--url', server.url, '--chain', PLATFORM_CHAIN], {})
      expect(viaUrl.out).toMatch(/^ok {4}platform: 3 entries/m)
      expect(viaUrl.code).toBe(0)
    } finally {
      await server.stop()
    }
  })

  it('says what is wrong when it cannot run', async () => {
    const empty = await run(['--json'], { DATA_DIR: join(dataDir, 'nothing-here') })
    expect([empty.code, empty.out]).toEqual([2, expect.stringMatching(/No embedded database/)])
    const down = await run(['--url', 'postgres://nobody@127.0.0.1:9/none'], {})
    expect([down.code, down.out.trim()]).toEqual([2, expect.stringMatching(/^cannot connect/)])
  })

  const url = inject('testDatabaseUrl')
  it.skipIf(!url)('verifies a chain on PostgreSQL through DATABASE_URL', async () => {
    const handle = await openDatabase({ url: url!, poolMax: 1 })
    const chain = `test-cli-${crypto.randomUUID()}`
    await entries(handle.db, chain)
    await handle.close()
    const { code, out } = await run(['--chain', chain], { DATABASE_URL: url! })
    expect(out).toMatch(new RegExp(`^ok {4}${chain}: 3 entries`, 'm'))
    expect(code).toBe(0)
  })
})
