/**
 * `node scripts/audit-verify.ts [--chain <name>] [--url <postgres-url>] [--json]`: verifies the
 * audit log's hash chains and names the first tampered entry of each broken one. Exit code 0
 * when every chain verifies, 1 when one does not, 2 when it cannot run.
 *
 * The database: `--url`, else DATABASE_URL, else the embedded PGlite under DATA_DIR (`.data`).
 * While `npm start` runs, the embedded database belongs to it: pass the URL it printed
 * ("[db] embedded PGlite in …, served at postgres://…") as `--url`.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadDbConfig, schema } from '@vm-algo/db'
import { type DatabaseHandle, openDatabase, pgliteDir } from '@vm-algo/db/node'
import { asc } from 'drizzle-orm'
import { type ChainVerdict, verifyChain } from '../edge/src/audit/verify.ts'

const USAGE = 'usage: node scripts/audit-verify.ts [--chain <name>] [--url <postgres-url>] [--json]'

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      chain: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const handle = await open(values.url)
  try {
    const chains = values.chain ? [values.chain] : await allChains(handle)
    const verdicts: ChainVerdict[] = []
    for (const chain of chains) verdicts.push(await verifyChain(handle.db, chain))
    if (values.json) console.log(JSON.stringify(verdicts, null, 2))
    else for (const verdict of verdicts) console.log(describe(verdict))
    if (!values.json && chains.length === 0) console.log('The audit log is empty.')
    return verdicts.every((v) => v.ok) ? 0 : 1
  } finally {
    await handle.close()
  }
}

async function open(url: string | undefined): Promise<DatabaseHandle> {
  const config = loadDbConfig(process.env)
  const databaseUrl = url ?? config.DATABASE_URL
  if (databaseUrl)
    return openDatabase({ url: databaseUrl, poolMax: 1, applicationName: 'audit-verify' })
  const dir = pgliteDir(config.DATA_DIR)
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    throw new UsageError(`No embedded database in ${dir}: set DATABASE_URL, or DATA_DIR.`)
  }
  // PGlite writes postmaster.pid while a process has the directory open; two processes
  // writing one directory would corrupt it.
  if (existsSync(join(dir, 'postmaster.pid'))) {
    throw new UsageError(
      `The embedded database in ${dir} is in use (is \`npm start\` running?). Pass the URL it printed: --url postgres://postgres@127.0.0.1:<port>/postgres`,
    )
  }
  return openDatabase({ pglite: { dataDir: dir } })
}

async function allChains(handle: DatabaseHandle): Promise<string[]> {
  const { auditLog } = schema
  const rows = await handle.db
    .selectDistinct({ chain: auditLog.chain })
    .from(auditLog)
    .orderBy(asc(auditLog.chain))
  return rows.map((r) => r.chain)
}

function describe(verdict: ChainVerdict): string {
  if (verdict.ok) {
    const last = verdict.lastSeq === null ? '' : `, last #${verdict.lastSeq} ${verdict.lastHash}`
    return `ok    ${verdict.chain}: ${verdict.entries} entries${last}`
  }
  return `BROKEN ${verdict.chain}: entry #${verdict.firstBadSeq} (${verdict.reason}): ${verdict.detail}; ${verdict.entries} entries before it verify`
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const usage =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    if (usage) console.error(`${error.message}\n${USAGE}`)
    // openDatabase's own message names the failure without the URL (which may hold a password).
    else if (/^cannot connect/.test(error?.message)) console.error(error.message)
    else console.error(error)
    process.exit(2)
  },
)
