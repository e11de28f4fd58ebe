import { schema, withTenant } from '@vm-algo/db'
import { count, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { sha256Hex } from '../../../crypto/hash.ts'
import { ApiError } from '../../../errors.ts'
import type { CoreBarsCheck } from '../../../lib/core-client.ts'
import { PLANS } from '../../../plans.ts'
import type { Env } from '../../../services.ts'
import { lockTenant } from '../deployments/schemas.ts'
import { databaseOf } from '../plugins/store.ts'
import { type Dataset, findDataset, presentDataset } from './schemas.ts'

export interface NewDataset {
  name: string
  symbol: string
  timeframe: Dataset['timeframe']
  /** The bars in the dataset CSV format, as the core checked them. */
  csv: string
  source: Dataset['source']
}

/**
 * Stores a series of bars the core has checked, as every import does (CSV upload, Kite): a
 * failed check answers 422 `invalid_csv` and keeps nothing; then the plan's dataset limit
 * (402) and the name's uniqueness (409) hold, under the tenant's lock. Returns the dataset
 * and sets its `location`.
 */
export async function storeDataset(
  c: Context<Env>,
  input: NewDataset,
  check: CoreBarsCheck,
): Promise<Dataset> {
  if (!check.ok) {
    const where = input.source === 'csv' ? `Line ${check.line}: ` : ''
    throw new ApiError('invalid_csv', `${where}${check.reason}. Nothing was imported.`, {
      diagnostics: [{ severity: 'error', message: check.reason, line: check.line, column: 1 }],
    })
  }
  const auth = c.get('auth')
  const sha256 = await sha256Hex(input.csv)
  const { datasets } = schema
  const row = await withTenant(databaseOf(c), auth, async (tx) => {
    await lockTenant(tx, auth.tenantId)
    const [kept] = await tx
      .select({ n: count() })
      .from(datasets)
      .where(eq(datasets.tenantId, auth.tenantId))
    const limit = PLANS[auth.tier].datasets
    if ((kept?.n ?? 0) >= limit) {
      throw new ApiError(
        'plan_limit_reached',
        `Your ${auth.tier} plan keeps at most ${limit} datasets. Delete one, or upgrade.`,
      )
    }
    const [inserted] = await tx
      .insert(datasets)
      .values({
        tenantId: auth.tenantId,
        userId: auth.userId,
        name: input.name,
        symbol: input.symbol,
        timeframe: input.timeframe,
        source: input.source,
        rows: check.rows,
        firstBar: new Date(check.first),
        lastBar: new Date(check.last),
        csv: input.csv,
        sha256,
      })
      .onConflictDoNothing()
      .returning({ id: datasets.id })
    if (!inserted) {
      throw new ApiError('conflict', `A dataset named "${input.name}" exists already.`)
    }
    return findDataset(tx, auth.tenantId, inserted.id)
  })
  c.header('location', `/api/v1/datasets/${row.id}`)
  return presentDataset(row)
}
