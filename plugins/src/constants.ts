/**
 * Constants of the plugin protocol, free of dependencies so that the in-sandbox runtime can use
 * them; `protocol.ts` re-exports them for the host.
 */
import type { Timeframe } from './types.ts'

/** Version of the SDK and of this protocol; stored with every compiled plugin version. */
export const SDK_VERSION = '0.1.0'

/** The name of the single global a compiled plugin defines. */
export const DISPATCH_GLOBAL = '__vmAlgoDispatch'

/** Bounds the schemas enforce; the runtime enforces the same ones before the host sees output. */
export const PROTOCOL_LIMITS = {
  /** Host-side cap on the raw output string, checked before JSON.parse. */
  maxOutputChars: 4_000_000,
  maxIntents: 1_000,
  maxLogs: 500,
  maxLogChars: 2_048,
  maxMatches: 5_000,
  maxMatchDataKeys: 20,
  maxMatchStringChars: 200,
  /** Serialized `ctx.state` (JSON characters). */
  maxStateChars: 262_144,
  maxErrorMessageChars: 2_000,
  maxQty: 10_000_000,
  maxPrice: 1_000_000_000,
  maxSymbolChars: 40,
  maxClientOrderIdChars: 64,
  /** Kite accepts order tags of up to 20 characters. */
  maxTagChars: 20,
  maxUniverse: 1_000,
  maxParams: 50,
  maxEventsPerBatch: 100_000,
  /** Events in one `data` window, and series it may name. */
  maxWindowEvents: 100_000,
  maxWindowSeries: 4_000,
} as const

/** Every candle interval, shortest first. */
export const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1d']

/** Bars kept per series when the manifest does not say; and the most it may ask for. */
export const DEFAULT_HISTORY = 500
export const MAX_HISTORY = 5_000

/** Semantic version 2.0.0 (no leading zeros, optional pre-release and build). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/

/**
 * The columns of a packed `data` window (`PackedDataInput`), in the order its binary block
 * holds them: each column's `events` float64 values, one column after another.
 */
export const PACKED_WINDOW_COLUMNS = [
  'time',
  'ts',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'feed',
  'flags',
] as const

/** Bits of a `data` window's `flags` column (see `DataInput.flags`). */
export const BAR_FLAGS = {
  /** The last bar of its session on an execution series (open MIS positions close at it). */
  lastOfDay: 1,
  /** The 15:20 IST MIS square-off bar of an execution series. */
  squareOff: 2,
  /** At this event the host accepts no new MIS orders (15:20 IST and later). */
  misClosed: 4,
  /** The first event of an IST day (an MIS order never fills on a later day). */
  dayStart: 8,
} as const
