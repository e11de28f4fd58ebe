import { type Database, schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'

/** A daily backtest request of one bundled symbol, as the edge stores it. */
export function dailyRequest(overrides: Record<string, unknown> = {}) {
  return {
    example: 'sma-crossover',
    symbols: ['RELIANCE'],
    timeframe: '1d',
    from: '2023-01-01',
    to: '2023-12-31',
    capital: 1_000_000,
    params: { lookback: 20 },
    costs: { product: 'CNC', slippageBps: null },
    ...overrides,
  }
}

/** The job's row as it is now. */
export async function jobRow(db: Database, id: string) {
  const [row] = await db.select().from(schema.backtestJobs).where(eq(schema.backtestJobs.id, id))
  if (!row) throw new Error(`no job ${id}`)
  return row
}

/**
 * Polls `read` until `done` holds for its value, and returns it; fails after `deadlineMs`
 * (a deadline against hanging, not a speed check).
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs = 15_000,
): Promise<T> {
  const until = Date.now() + deadlineMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > until) throw new Error(`still not there: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A promise with its resolve function, for holding a handler at a step. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {}
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}
