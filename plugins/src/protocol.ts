/**
 * The wire contract between a compiled plugin and the sandbox host.
 *
 * A compiled plugin is one classic script; evaluating it defines exactly one global,
 * `globalThis.__vmAlgoDispatch(input: string): string`. The host sends a JSON `DispatchInput`
 * and gets back a JSON `BatchOutput` (or a `DescribeOutput` for `describe`), which it must
 * validate with `batchOutputSchema` before trusting a single field: the output is built by
 * untrusted code. Types are for both sides; the zod schemas are for the host only (the
 * in-isolate runtime never imports zod). Change this file additively only.
 */
import { z } from 'zod'
import { MAX_HISTORY, PROTOCOL_LIMITS, SEMVER_PATTERN } from './constants.ts'

export * from './constants.ts'
export type * from './types.ts'

// ---------------------------------------------------------------------------------------------
// Schemas (host side)

const L = PROTOCOL_LIMITS

/** A finite number (zod 4's z.number() refuses NaN and ±Infinity; JSON.parse yields Infinity for 1e999). */
const finite = z.number()
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000)
const positivePrice = z.number().positive().max(L.maxPrice)
const qty = z.number().int().positive().max(L.maxQty)

export const symbolSchema = z
  .string()
  .min(1)
  .max(L.maxSymbolChars)
  .regex(/^[A-Za-z0-9&_.:-]+$/, 'symbol may hold letters, digits and & _ . : - only')

export const clientOrderIdSchema = z
  .string()
  .min(1)
  .max(L.maxClientOrderIdChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'client order id may hold letters, digits, _ and - only')

export const timeframeSchema = z.enum(['1m', '5m', '15m', '1d'])
export const orderStatusSchema = z.enum(['pending', 'open', 'complete', 'cancelled', 'rejected'])

export const barSchema = z.strictObject({
  ts: epochMs,
  open: finite,
  high: finite,
  low: finite,
  close: finite,
  volume: z.number().min(0),
})

export const positionSchema = z.strictObject({ qty: z.number().int(), avgPrice: z.number().min(0) })

export const orderUpdateSchema = z.strictObject({
  clientOrderId: clientOrderIdSchema,
  status: orderStatusSchema,
  filledQty: z.number().int().min(0).max(L.maxQty),
  avgPrice: z.number().min(0).max(L.maxPrice),
  reason: z.string().max(L.maxErrorMessageChars).optional(),
})

export const pluginEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('bar'),
    symbol: symbolSchema,
    timeframe: timeframeSchema,
    bar: barSchema,
  }),
  z.strictObject({
    type: z.literal('tick'),
    symbol: symbolSchema,
    ts: epochMs,
    price: finite,
    volume: z.number().min(0).optional(),
    bid: finite.optional(),
    ask: finite.optional(),
  }),
  z.strictObject({ type: z.literal('order'), update: orderUpdateSchema }),
])

/** Index of an event in the batch (for `range`: `events` first, then the window's bars). */
const eventIndex = z
  .number()
  .int()
  .min(0)
  .max(L.maxEventsPerBatch + L.maxWindowEvents - 1)

const productSchema = z.enum(['CNC', 'MIS', 'NRML'])
const rate = z.number().min(0).max(1)

/** The host's market-order rules in a `data` window (see `FillRulesInput`). */
export const fillRulesSchema = z.strictObject({
  slippage: z.union([
    z.strictObject({ bps: z.number().min(0).max(1000) }),
    z.strictObject({ ticks: z.number().int().min(0).max(1000) }),
  ]),
  exec: z
    .array(
      z
        .strictObject({
          tick: z.number().positive(),
          lot: z.number().int().min(1),
          products: z.array(productSchema).max(3),
          openOffset: z.number().int().min(0).max(86_400_000),
        })
        .nullable(),
    )
    .max(L.maxWindowSeries),
  marginRate: z.strictObject({ MIS: rate, NRML: rate }),
  chargeBound: z.strictObject({ rate, fixed: z.number().min(0) }),
  misCutoffReason: z.string().min(1).max(200),
})

const windowColumn = <T extends z.ZodType>(item: T) => z.array(item).max(L.maxWindowEvents)

/** A `data` window; columns of equal length, one series index per event when there are several. */
export const dataInputSchema = z
  .strictObject({
    kind: z.literal('data'),
    start: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    series: z
      .array(z.strictObject({ symbol: symbolSchema, timeframe: timeframeSchema }))
      .min(1)
      .max(L.maxWindowSeries),
    feed: windowColumn(
      z
        .number()
        .int()
        .min(0)
        .max(L.maxWindowSeries - 1),
    ).optional(),
    time: windowColumn(epochMs),
    ts: windowColumn(epochMs),
    open: windowColumn(finite),
    high: windowColumn(finite),
    low: windowColumn(finite),
    close: windowColumn(finite),
    volume: windowColumn(z.number().min(0)),
    flags: windowColumn(z.number().int().min(0).max(15)).optional(),
    fills: fillRulesSchema.optional(),
  })
  .refine(
    (d) =>
      [
        d.ts,
        d.open,
        d.high,
        d.low,
        d.close,
        d.volume,
        ...(d.feed ? [d.feed] : []),
        ...(d.flags ? [d.flags] : []),
      ].every((c) => c.length === d.time.length),
    { message: 'every column of a data window has one value per event' },
  )
  .refine((d) => (d.feed ? d.feed.every((f) => f < d.series.length) : d.series.length === 1), {
    message: 'feed names a series of the window for each event (needed with several series)',
  })

const paramValue = z.union([finite, z.string().max(200), z.boolean()])
export const paramValuesSchema = z.record(z.string().max(40), paramValue)

export const dispatchInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('init'),
    params: paramValuesSchema,
    seed: z.number().int().min(0).max(0xffffffff),
    deploymentSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    now: epochMs.optional(),
    state: z.unknown().optional(),
  }),
  z.strictObject({
    kind: z.literal('batch'),
    now: epochMs,
    events: z.array(pluginEventSchema).max(L.maxEventsPerBatch),
    positions: z.record(symbolSchema, positionSchema),
    wantState: z.boolean().optional(),
    warmup: z.boolean().optional(),
    stamp: z.boolean().optional(),
  }),
  dataInputSchema,
  z
    .strictObject({
      kind: z.literal('range'),
      now: epochMs,
      from: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      to: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      events: z.array(pluginEventSchema).max(L.maxEventsPerBatch),
      positions: z.record(symbolSchema, positionSchema),
      account: z
        .strictObject({
          cash: finite,
          open: z.record(symbolSchema, z.strictObject({ product: productSchema, last: finite })),
        })
        .optional(),
      resume: z.boolean().optional(),
      limits: z
        .strictObject({ intents: z.number().int().min(1), logs: z.number().int().min(1) })
        .optional(),
      quiet: z.boolean().optional(),
      wantState: z.boolean().optional(),
    })
    .refine((r) => r.from < r.to && r.to - r.from <= L.maxWindowEvents, {
      message: `a range holds 1 to ${L.maxWindowEvents} events`,
    }),
  z.strictObject({ kind: z.literal('stop'), now: epochMs.optional() }),
  z.strictObject({ kind: z.literal('describe') }),
])

const optionalPrice = positivePrice.optional()

export const orderIntentSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('place'),
    clientOrderId: clientOrderIdSchema,
    symbol: symbolSchema,
    side: z.enum(['BUY', 'SELL']),
    qty,
    orderType: z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']),
    product: z.enum(['CNC', 'MIS', 'NRML']),
    price: optionalPrice,
    triggerPrice: optionalPrice,
    stopLoss: optionalPrice,
    target: optionalPrice,
    tag: z
      .string()
      .min(1)
      .max(L.maxTagChars)
      .regex(/^[A-Za-z0-9_-]+$/, 'tag may hold letters, digits, _ and - only')
      .optional(),
    at: eventIndex.optional(),
  }),
  z.strictObject({
    action: z.literal('modify'),
    clientOrderId: clientOrderIdSchema,
    price: optionalPrice,
    triggerPrice: optionalPrice,
    qty: qty.optional(),
    at: eventIndex.optional(),
  }),
  z.strictObject({
    action: z.literal('cancel'),
    clientOrderId: clientOrderIdSchema,
    at: eventIndex.optional(),
  }),
])

export const logEntrySchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string().max(L.maxLogChars),
  ts: epochMs,
  at: eventIndex.optional(),
})

export const matchDataSchema = z
  .record(
    z.string().min(1).max(40),
    z.union([finite, z.string().max(L.maxMatchStringChars), z.boolean(), z.null()]),
  )
  .refine((d) => Object.keys(d).length <= L.maxMatchDataKeys, {
    message: `at most ${L.maxMatchDataKeys} data fields per match`,
  })

export const scanMatchSchema = z.strictObject({
  symbol: symbolSchema,
  ts: epochMs,
  score: finite.optional(),
  data: matchDataSchema.optional(),
})

export const pluginErrorSchema = z.strictObject({
  name: z.string().max(100),
  message: z.string().max(L.maxErrorMessageChars),
  at: eventIndex.optional(),
})

const stateSchema = z
  .unknown()
  .refine((s) => s === undefined || (JSON.stringify(s)?.length ?? 0) <= L.maxStateChars, {
    message: `state larger than ${L.maxStateChars} characters of JSON`,
  })

/** Validates a plugin's output; strict (no extra keys), finite numbers, bounded sizes. */
export const batchOutputSchema = z.strictObject({
  intents: z.array(orderIntentSchema).max(L.maxIntents),
  logs: z.array(logEntrySchema).max(L.maxLogs),
  matches: z.array(scanMatchSchema).max(L.maxMatches),
  state: stateSchema.optional(),
  error: pluginErrorSchema.optional(),
  handled: z.number().int().min(0).max(L.maxWindowEvents).optional(),
  hostTurn: z.literal(true).optional(),
  fills: z
    .array(
      z.strictObject({
        clientOrderId: clientOrderIdSchema.optional(),
        squareOff: z.literal(true).optional(),
        at: eventIndex,
        qty,
        price: positivePrice,
      }),
    )
    .max(L.maxIntents)
    .optional(),
  refused: z.array(clientOrderIdSchema).max(L.maxIntents).optional(),
})

const paramNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, 'parameter names are identifiers of up to 40 characters')
const labelFields = {
  label: z.string().max(80).optional(),
  description: z.string().max(500).optional(),
}

export const paramSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('int'),
    default: z.number().int(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    ...labelFields,
  }),
  z.strictObject({
    type: z.literal('number'),
    default: finite,
    min: finite.optional(),
    max: finite.optional(),
    ...labelFields,
  }),
  z.strictObject({
    type: z.literal('enum'),
    values: z.array(z.string().min(1).max(100)).min(1).max(50),
    default: z.string().max(100),
    ...labelFields,
  }),
  z.strictObject({ type: z.literal('bool'), default: z.boolean(), ...labelFields }),
])

export const pluginManifestSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  version: z.string().max(64).regex(SEMVER_PATTERN, 'version must be semver, e.g. 1.0.0'),
  kind: z.enum(['strategy', 'scanner']),
  description: z.string().max(2_000),
  universe: z.array(symbolSchema).min(1).max(L.maxUniverse),
  timeframes: z.array(timeframeSchema).min(1).max(4),
  ticks: z.boolean(),
  history: z.number().int().min(1).max(MAX_HISTORY),
  params: z
    .record(paramNameSchema, paramSpecSchema)
    .refine((p) => Object.keys(p).length <= L.maxParams, {
      message: `at most ${L.maxParams} parameters`,
    }),
})

export const describeOutputSchema = z.strictObject({
  manifest: pluginManifestSchema,
  sdkVersion: z.string().max(32),
})
