import { describe, expect, it } from 'vitest'
import {
  type BatchOutput,
  batchOutputSchema,
  dispatchInputSchema,
  PROTOCOL_LIMITS,
  pluginManifestSchema,
} from './protocol.ts'

// The host parses the plugin's output string with JSON.parse and then validates it; these tests
// go the same way, since JSON.parse is where `1e999` turns into Infinity.
const parseOutput = (json: string) => batchOutputSchema.safeParse(JSON.parse(json))

const place = {
  action: 'place',
  clientOrderId: '7-1',
  symbol: 'RELIANCE',
  side: 'BUY',
  qty: 10,
  orderType: 'LIMIT',
  product: 'CNC',
  price: 2450.5,
}
const valid: BatchOutput = {
  intents: [place as BatchOutput['intents'][number], { action: 'cancel', clientOrderId: '7-1' }],
  logs: [{ level: 'info', message: 'bought', ts: 1_700_000_000_000 }],
  matches: [
    { symbol: 'M&M', ts: 1_700_000_000_000, score: 3.5, data: { rsi: 24.1, ok: true, note: null } },
  ],
  state: { v: 1, user: { n: 1 } },
}
const withIntent = (intent: object) => JSON.stringify({ intents: [intent], logs: [], matches: [] })

describe('batchOutputSchema', () => {
  it('accepts a well-formed output', () => {
    expect(parseOutput(JSON.stringify(valid)).success).toBe(true)
  })

  it('refuses Infinity and NaN smuggled through JSON (1e999) or as null', () => {
    expect(
      parseOutput(withIntent({ ...place, price: '__' }).replace('"__"', '1e999')).success,
    ).toBe(false)
    expect(parseOutput(withIntent({ ...place, price: Number.NaN })).success).toBe(false) // NaN → null
    const score = JSON.stringify({
      ...valid,
      matches: [{ symbol: 'TCS', ts: 1, score: 1 }],
    }).replace('"score":1', '"score":-1e999')
    expect(parseOutput(score).success).toBe(false)
  })

  it('refuses quantities that are zero, negative, fractional or absurd', () => {
    for (const qty of [0, -5, 1.5, PROTOCOL_LIMITS.maxQty + 1]) {
      expect(parseOutput(withIntent({ ...place, qty })).success, `qty ${qty}`).toBe(false)
    }
    expect(parseOutput(withIntent({ ...place, qty: 1 })).success).toBe(true)
  })

  it('refuses non-positive prices and unknown enum values', () => {
    expect(parseOutput(withIntent({ ...place, price: 0 })).success).toBe(false)
    expect(parseOutput(withIntent({ ...place, triggerPrice: -1 })).success).toBe(false)
    expect(parseOutput(withIntent({ ...place, side: 'SHORT' })).success).toBe(false)
    expect(parseOutput(withIntent({ ...place, orderType: 'ICEBERG' })).success).toBe(false)
  })

  it('refuses extra keys, at the top and inside intents (strict objects)', () => {
    expect(parseOutput(JSON.stringify({ ...valid, extra: 1 })).success).toBe(false)
    expect(parseOutput(withIntent({ ...place, exchange: 'BSE' })).success).toBe(false)
  })

  it('refuses oversized arrays, log lines, ids and match data', () => {
    const many = (n: number, item: unknown) => Array.from({ length: n }, () => item)
    const cancel = { action: 'cancel', clientOrderId: 'a-1' }
    const log = { level: 'info', message: 'x', ts: 1 }
    const match = { symbol: 'TCS', ts: 1 }
    const base = { intents: [], logs: [], matches: [] }
    expect(
      batchOutputSchema.safeParse({ ...base, intents: many(PROTOCOL_LIMITS.maxIntents, cancel) })
        .success,
    ).toBe(true)
    expect(
      batchOutputSchema.safeParse({
        ...base,
        intents: many(PROTOCOL_LIMITS.maxIntents + 1, cancel),
      }).success,
    ).toBe(false)
    expect(
      batchOutputSchema.safeParse({ ...base, logs: many(PROTOCOL_LIMITS.maxLogs + 1, log) })
        .success,
    ).toBe(false)
    expect(
      batchOutputSchema.safeParse({ ...base, matches: many(PROTOCOL_LIMITS.maxMatches + 1, match) })
        .success,
    ).toBe(false)
    const longLog = { ...log, message: 'x'.repeat(PROTOCOL_LIMITS.maxLogChars + 1) }
    expect(batchOutputSchema.safeParse({ ...base, logs: [longLog] }).success).toBe(false)
    expect(
      batchOutputSchema.safeParse({
        ...base,
        intents: [{ ...cancel, clientOrderId: 'x'.repeat(65) }],
      }).success,
    ).toBe(false)
    const wide = Object.fromEntries(
      many(PROTOCOL_LIMITS.maxMatchDataKeys + 1, 0).map((v, i) => [`k${i}`, v]),
    )
    expect(
      batchOutputSchema.safeParse({ ...base, matches: [{ ...match, data: wide }] }).success,
    ).toBe(false)
    const nested = { ...match, data: { deep: { x: 1 } } }
    expect(batchOutputSchema.safeParse({ ...base, matches: [nested] }).success).toBe(false)
  })

  it('refuses a state snapshot larger than the limit', () => {
    const big = {
      intents: [],
      logs: [],
      matches: [],
      state: 'x'.repeat(PROTOCOL_LIMITS.maxStateChars),
    }
    expect(batchOutputSchema.safeParse(big).success).toBe(false)
  })
})

describe('dispatchInputSchema', () => {
  it('accepts the four input kinds and refuses unknown events', () => {
    const bar = {
      type: 'bar',
      symbol: 'TCS',
      timeframe: '1d',
      bar: { ts: 0, open: 1, high: 2, low: 1, close: 2, volume: 5 },
    }
    for (const input of [
      { kind: 'init', params: { fast: 10 }, seed: 42 },
      { kind: 'batch', now: 1, events: [bar], positions: { TCS: { qty: -3, avgPrice: 10 } } },
      { kind: 'stop' },
      { kind: 'describe' },
    ]) {
      expect(dispatchInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(true)
    }
    const bad = { kind: 'batch', now: 1, events: [{ type: 'news', symbol: 'TCS' }], positions: {} }
    expect(dispatchInputSchema.safeParse(bad).success).toBe(false)
  })
})

describe('event stamps and data windows', () => {
  const data = {
    kind: 'data',
    start: 0,
    series: [{ symbol: 'TCS', timeframe: '1m' }],
    time: [60_000, 120_000],
    ts: [0, 60_000],
    open: [1, 2],
    high: [1, 2],
    low: [1, 2],
    close: [1, 2],
    volume: [0, 0],
  }

  it('accept `at` on intents, logs and errors only as a whole event index', () => {
    const stamped = (at: unknown) =>
      batchOutputSchema.safeParse({
        intents: [{ ...place, at }],
        logs: [{ level: 'info', message: 'x', ts: 1, at }],
        matches: [],
        error: { name: 'E', message: 'm', at },
      }).success
    expect(stamped(0)).toBe(true)
    expect(stamped(PROTOCOL_LIMITS.maxEventsPerBatch + PROTOCOL_LIMITS.maxWindowEvents - 1)).toBe(
      true,
    )
    for (const at of [-1, 1.5, '1', null, PROTOCOL_LIMITS.maxEventsPerBatch * 2]) {
      expect(stamped(at), String(at)).toBe(false)
    }
  })

  it('accept a data window of equal columns, with a series per event when there are several', () => {
    const ok = (input: object) => dispatchInputSchema.safeParse(input).success
    expect(ok(data)).toBe(true)
    expect(ok({ ...data, close: [1] })).toBe(false)
    expect(ok({ ...data, open: [1, '2'] })).toBe(false)
    expect(ok({ ...data, series: [...data.series, { symbol: 'INFY', timeframe: '1m' }] })).toBe(
      false,
    )
    const two = [...data.series, { symbol: 'INFY', timeframe: '1m' }]
    expect(ok({ ...data, series: two, feed: [1, 0] })).toBe(true)
    expect(ok({ ...data, series: two, feed: [2, 0] })).toBe(false)
    const big = Array.from({ length: PROTOCOL_LIMITS.maxWindowEvents + 1 }, () => 1)
    expect(ok({ ...data, time: big, ts: big, open: big, high: big, low: big, close: big })).toBe(
      false,
    )
  })

  it('accept ranges of 1 or more events only', () => {
    const range = { kind: 'range', now: 1, from: 3, to: 5, events: [], positions: {} }
    expect(dispatchInputSchema.safeParse(range).success).toBe(true)
    expect(dispatchInputSchema.safeParse({ ...range, to: 3 }).success).toBe(false)
    expect(dispatchInputSchema.safeParse({ ...range, from: -1 }).success).toBe(false)
    expect(dispatchInputSchema.safeParse({ ...range, extra: 1 }).success).toBe(false)
  })
})

describe('pluginManifestSchema', () => {
  const manifest = {
    name: 'Crossover',
    version: '1.2.0-beta.1',
    kind: 'strategy',
    description: '',
    universe: ['RELIANCE', 'BAJAJ-AUTO', 'M&M'],
    timeframes: ['1d'],
    ticks: false,
    history: 500,
    params: { fast: { type: 'int', default: 10, min: 2 } },
  }

  it('accepts a full manifest', () => {
    expect(pluginManifestSchema.safeParse(manifest).success).toBe(true)
  })

  it('refuses a non-semver version, an empty universe, bad parameter names', () => {
    expect(pluginManifestSchema.safeParse({ ...manifest, version: '1.0' }).success).toBe(false)
    expect(pluginManifestSchema.safeParse({ ...manifest, version: '01.0.0' }).success).toBe(false)
    expect(pluginManifestSchema.safeParse({ ...manifest, universe: [] }).success).toBe(false)
    const badName = { ...manifest, params: { 'not a name': { type: 'bool', default: true } } }
    expect(pluginManifestSchema.safeParse(badName).success).toBe(false)
  })
})
