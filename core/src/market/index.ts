export { type BundledReplayOptions, createBundledReplay } from './bundled-replay.ts'
export {
  DATA_DIR,
  type DataFile,
  dataPath,
  listInstruments,
  listSeries,
  loadBarColumns,
  loadBars,
  loadTicks,
  resolveSymbol,
  type SeriesInfo,
  tickFile,
  UnknownSymbolError,
} from './catalog.ts'
export { type FeedClock, systemClock } from './clock.ts'
export { barAt, barsToColumns, columnsToBars } from './columns.ts'
export { BAR_HEADER, CsvError, parseBarColumns, parseBars, parseTicks, TICK_HEADER } from './csv.ts'
export { createReplayFeed } from './replay-feed.ts'
export { bucketStart, resample, resampleColumns, SESSION_OPEN_MS } from './resample.ts'
export { formatIst, IST_OFFSET_MS, istDayStart, parseIsoTimestamp } from './time.ts'
export {
  type Bar,
  type BarColumns,
  type FeedEvent,
  type FeedListener,
  type FeedSpeed,
  type FeedState,
  type FeedStatus,
  type Instrument,
  type ReplayFeed,
  type ReplayOptions,
  type ReplaySource,
  type Segment,
  TIMEFRAME_MS,
  type Tick,
  type Timeframe,
} from './types.ts'
