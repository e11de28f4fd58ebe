/**
 * The `backtest` job handler, called as the job runner calls it: a bundled example compiled
 * and run in a real sandbox over bundled bars, or a reason the user reads.
 */
import { expect, it } from 'vitest'
import { JobFailure } from '../../jobs/errors.ts'
import type { ClaimedJob, JobResult } from '../../jobs/types.ts'
import { runBacktest } from '../engine.ts'
import { loadFeed } from '../feeds.ts'
import { smaCrossover } from '../reference/sma-crossover.ts'
import type { Trade } from '../types.ts'
import { backtestJobHandler } from './job.ts'

const request = (overrides: Record<string, unknown> = {}) => ({
  example: 'sma-crossover',
  symbols: ['RELIANCE'],
  timeframe: '1d',
  from: '2021-01-01',
  to: '2023-12-31',
  capital: 1_000_000,
  params: { fast: 10, slow: 30, qty: 5 },
  costs: { product: 'CNC', slippageBps: null },
  ...overrides,
})

const job = (req: unknown): ClaimedJob => ({
  id: 'btj_test',
  tenantId: 'tnt_test',
  userId: null,
  pluginVersionId: null,
  kind: 'backtest',
  request: req,
  attempts: 1,
  createdAt: new Date(),
})

const run = (req: unknown, progress: (f: number) => void = () => {}) =>
  backtestJobHandler()(job(req), { signal: new AbortController().signal, progress })

it('runs an example in the sandbox and returns metrics, curve and trades', async () => {
  const seen: number[] = []
  const result: JobResult = await run(request(), (f) => seen.push(f))

  const feed = await loadFeed('RELIANCE', '1d', {
    from: Date.parse('2021-01-01T00:00:00+05:30'),
    to: Date.parse('2024-01-01T00:00:00+05:30'),
  })
  const reference = await runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: smaCrossover({ fast: 10, slow: 30, qty: 5, product: 'CNC' }),
  })
  const trades = result.trades as Trade[]
  expect(trades.length).toBeGreaterThan(3)
  expect(trades.map((t) => [t.entryTime, t.entryPrice, t.exitTime, t.exitPrice])).toEqual(
    reference.trades.map((t) => [t.entryTime, t.entryPrice, t.exitTime, t.exitPrice]),
  )
  expect(result.metrics).toMatchObject({
    trades: reference.trades.filter((t) => t.exitTime !== null).length,
    totalReturn: reference.equity / 1_000_000 - 1,
  })
  const curve = result.equityCurve as { time: number[]; equity: number[]; drawdown: number[] }
  expect(curve.equity.length).toBe(reference.curve.equity.length)
  expect(curve.equity.at(-1)).toBe(reference.equity)
  expect(seen.at(-1)).toBe(1)
}, 30_000)

it('fails with a reason the user reads', async () => {
  await expect(
    run(request({ symbols: ['TRENT'], from: '2024-01-01', to: '2024-01-02' })),
  ).rejects.toThrow(/trades RELIANCE, .*; not TRENT/)
  await expect(run(request({ example: 'nope' }))).rejects.toThrow(JobFailure)
  await expect(run(request({ params: { fast: 30, slow: 10 } }))).rejects.toThrow(
    /fast \(30\) must be shorter than slow \(10\)/,
  )
  await expect(run(request({ from: '1990-01-01', to: '1990-12-31' }))).rejects.toThrow(
    /no 1d bars of RELIANCE/,
  )
  // The stored version must be the one the edge recorded on the job (plugin_version_id).
  await expect(run({ ...request(), example: undefined, pluginVersionId: 'plv_x' })).rejects.toThrow(
    /names plugin version plv_x but was submitted for none/,
  )
}, 30_000)
