import { describe, expect, it } from 'vitest'
import { PluginLimitExceeded, PluginOutputInvalid } from './errors.ts'
import { TIER_LIMITS } from './limits.ts'
import { acceptBatchOutput, acceptDescribeOutput, RecentIds } from './output.ts'

const ctx = () => ({
  tier: 'free' as const,
  limits: TIER_LIMITS.free,
  now: 1_000,
  placed: new RecentIds(3),
})
const intent = (id: string) => ({
  action: 'place',
  clientOrderId: id,
  symbol: 'RELIANCE',
  side: 'SELL',
  qty: 10,
  orderType: 'SL',
  product: 'CNC',
  price: 2500.5,
  triggerPrice: 2501,
})
const json = (o: object) => JSON.stringify({ intents: [], logs: [], matches: [], ...o })

describe('acceptBatchOutput', () => {
  it('holds a range to the tier’s intent limit per bar, and checks its fills’ stamps', () => {
    const range = { ...ctx(), events: 40, perEvent: true }
    const spread = Array.from({ length: 30 }, (_, i) => ({ ...intent(`r-${i}`), at: i }))
    const fills = [{ clientOrderId: 'r-0', at: 1, qty: 10, price: 2500.5 }]
    const ok = acceptBatchOutput(json({ intents: spread, fills, handled: 40 }), range)
    expect(ok.output.intents).toHaveLength(30)
    expect(ok.output.fills).toEqual(fills)
    const oneBar = Array.from({ length: 21 }, (_, i) => ({ ...intent(`s-${i}`), at: 3 }))
    expect(() => acceptBatchOutput(json({ intents: oneBar }), { ...range })).toThrow(
      /more than 20 order intents during one bar/,
    )
    // Outside a range the limit is per call.
    expect(() => acceptBatchOutput(json({ intents: spread }), { ...ctx(), events: 40 })).toThrow(
      PluginLimitExceeded,
    )
    const late = [{ clientOrderId: 'r-0', at: 40, qty: 10, price: 2500.5 }]
    expect(() => acceptBatchOutput(json({ fills: late }), { ...range })).toThrow(
      /a fill stamped at event 40/,
    )
  })

  it('returns a valid output as the plugin built it', () => {
    const raw = json({
      intents: [intent('a-1')],
      matches: [{ symbol: 'TCS', ts: 5, score: 0.7, data: { rsi: 28.1 } }],
      state: { n: 1 },
    })
    expect(acceptBatchOutput(raw, ctx())).toEqual({ output: JSON.parse(raw), logsDropped: 0 })
  })

  it('refuses a client order id seen in this output or placed before', () => {
    const c = ctx()
    acceptBatchOutput(json({ intents: [intent('a-1')] }), c)
    expect(() => acceptBatchOutput(json({ intents: [intent('a-1')] }), c)).toThrow(
      PluginOutputInvalid,
    )
    expect(() => acceptBatchOutput(json({ intents: [intent('b-1'), intent('b-1')] }), c)).toThrow(
      /"b-1"/,
    )
    // Modify and cancel refer to an earlier id: that is their point.
    const modify = { action: 'modify', clientOrderId: 'a-1', price: 2490 }
    expect(
      acceptBatchOutput(json({ intents: [modify, { action: 'cancel', clientOrderId: 'a-1' }] }), c)
        .output.intents,
    ).toHaveLength(2)
  })

  it('remembers a bounded number of placed ids, the newest', () => {
    const ids = new RecentIds(2)
    for (const id of ['a', 'b', 'c']) ids.add(id)
    expect([ids.has('a'), ids.has('b'), ids.has('c')]).toEqual([false, true, true])
    // Round and round: always the last two, an id added twice counted once.
    const many = new RecentIds(1_000)
    for (let i = 0; i < 5_500; i++) many.add(`o-${i}`)
    many.add('o-5499')
    const kept = Array.from({ length: 5_500 }, (_, i) => i).filter((i) => many.has(`o-${i}`))
    expect(kept).toEqual(Array.from({ length: 1_000 }, (_, i) => 4_500 + i))
  })

  it('applies the tier’s caps before the schema', () => {
    const many = Array.from({ length: 21 }, (_, i) => intent(`x-${i}`))
    expect(() => acceptBatchOutput(json({ intents: many }), ctx())).toThrow(PluginLimitExceeded)
    const matches = Array.from({ length: 201 }, () => ({ symbol: 'TCS', ts: 1 }))
    expect(() => acceptBatchOutput(json({ matches }), ctx())).toThrow(/201 scan matches/)
  })

  it('drops logs over the volume cap, oldest kept, with a note', () => {
    const logs = Array.from({ length: 20 }, (_, i) => ({
      level: 'info',
      message: `${i}`.padEnd(2_000, '.'),
      ts: 1,
    }))
    const { output, logsDropped } = acceptBatchOutput(json({ logs }), ctx())
    // 8 × 2,000 characters fit in the free tier's 16,384.
    expect(output.logs.slice(0, -1).map((l) => Number.parseInt(l.message, 10))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ])
    expect(output.logs.at(-1)).toEqual({
      level: 'warn',
      ts: 1_000,
      message:
        '12 log entries dropped: the free tier keeps 50 entries and 16384 characters per batch.',
    })
    expect(logsDropped).toBe(12)
  })

  it('names where the output is wrong', () => {
    const bad = json({
      intents: [{ ...intent('a'), side: 'HOLD' }],
      logs: [{ level: 'loud', message: '', ts: 0 }],
    })
    expect(() => acceptBatchOutput(bad, ctx())).toThrow(
      /The plugin returned invalid output: intents\[0\]\.side: .*; logs\[0\]\.level: /,
    )
    expect(() => acceptBatchOutput('[]', ctx())).toThrow(/\(output\): /)
  })

  it('holds a stamped batch’s intents, logs and error to events of that batch', () => {
    const stamped = { ...ctx(), events: 3 }
    const at = (n: number | undefined) => ({ ...intent(`s-${n}`), at: n })
    const ok = json({
      intents: [at(0), at(2)],
      logs: [{ level: 'info', message: 'no stamp is fine for a log', ts: 1 }],
      error: { name: 'Error', message: 'x', at: 2 },
    })
    expect(acceptBatchOutput(ok, stamped).output.intents.map((i) => i.at)).toEqual([0, 2])
    expect(() => acceptBatchOutput(json({ intents: [at(3)] }), stamped)).toThrow(
      'The plugin returned an order intent stamped at event 3; the batch held events 0 to 2.',
    )
    expect(() => acceptBatchOutput(json({ intents: [intent('s-x')] }), stamped)).toThrow(
      /an order intent stamped at event \(none\)/,
    )
    const log = { level: 'info', message: '', ts: 1, at: 7 }
    expect(() => acceptBatchOutput(json({ logs: [log] }), stamped)).toThrow(/a log entry/)
    const error = { name: 'E', message: '', at: 3 }
    expect(() => acceptBatchOutput(json({ error }), stamped)).toThrow(PluginOutputInvalid)
    expect(() => acceptBatchOutput(json({ intents: [at(-1)] }), stamped)).toThrow(
      /intents\[0\]\.at/,
    )
    // Unstamped batches take no position on `at` beyond the schema.
    expect(acceptBatchOutput(json({ intents: [at(9)] }), ctx()).output.intents[0]?.at).toBe(9)
  })

  it('refuses output over the byte limit before parsing it', () => {
    const raw = json({ state: 'é'.repeat(140_000) })
    expect(() => acceptBatchOutput(raw, ctx())).toThrow(/returned 280\d\d\d bytes/)
  })
})

describe('acceptDescribeOutput', () => {
  it('refuses a manifest that breaks the schema', () => {
    const raw = JSON.stringify({ manifest: { name: 'x' }, sdkVersion: '0.1.0' })
    expect(() => acceptDescribeOutput(raw, TIER_LIMITS.free, 'free')).toThrow(/manifest\.version/)
  })
})
