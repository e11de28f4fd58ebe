import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { columnsToBars } from './columns.ts'
import { parseBarColumns, parseTicks } from './csv.ts'
import { resampleColumns } from './resample.ts'
import { closeMatches } from './suggest.ts'
import type { Bar, BarColumns, Instrument, Tick, Timeframe } from './types.ts'

/** The bundled data folder, found relative to this module so it works from any cwd. */
export const DATA_DIR = new URL('../../data/nse/', import.meta.url)

/** One bundled file, described by its MANIFEST.csv row. */
export interface DataFile {
  /** Path relative to DATA_DIR, e.g. `daily/adjusted_2020-2025/M&M_1d.csv`. */
  file: string
  /** First and last timestamps in the file, ISO with +05:30. */
  first: string
  last: string
  rows: number
  source: { repo: string; commit: string; path: string }
}

/** A bundled bar series. */
export interface SeriesInfo extends DataFile {
  symbol: string
  timeframe: Timeframe
  instrument: Instrument
}

/** A symbol the catalog does not hold; `suggestions` lists close matches. */
export class UnknownSymbolError extends Error {
  readonly symbol: string
  readonly suggestions: string[]
  constructor(symbol: string, suggestions: string[]) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ''
    super(`unknown symbol "${symbol}" in the bundled NSE data${hint}`)
    this.name = 'UnknownSymbolError'
    this.symbol = symbol
    this.suggestions = suggestions
  }
}

// The tick file's contracts; MANIFEST.csv names them only in prose, so they are listed here
// from core/data/nse/README.md.
const FUTURES: readonly Instrument[] = [
  fut('MCX', 125),
  fut('RELIANCE', 500),
  fut('TCS', 175),
  fut('TRENT', 100),
]

let manifest: { series: SeriesInfo[]; ticks: DataFile } | undefined

/**
 * Lists every bundled bar series (symbol, timeframe, file, first/last timestamp, rows,
 * source), as recorded in core/data/nse/MANIFEST.csv. Only 1m and 1d are bundled; other
 * timeframes are built on load. A symbol may have both, over different years.
 *
 * @example listSeries().filter((s) => s.timeframe === '1m').map((s) => s.symbol)
 */
export function listSeries(): SeriesInfo[] {
  return readManifest().series
}

/**
 * Describes the bundled tick file (four NSE stock futures on 2025-11-17). `rows` counts
 * file rows, including the duplicates that `loadTicks` drops.
 */
export function tickFile(): DataFile {
  return readManifest().ticks
}

/**
 * Lists the bundled instruments once each: the two indices, the stocks with 1m or 1d data
 * and the four futures in the tick file, sorted by symbol.
 */
export function listInstruments(): Instrument[] {
  const bySymbol = new Map<string, Instrument>()
  for (const s of listSeries()) bySymbol.set(s.symbol, s.instrument)
  for (const f of FUTURES) bySymbol.set(f.symbol, f)
  return [...bySymbol.values()].sort((a, b) => a.symbol.localeCompare(b.symbol))
}

/**
 * Returns the catalog's spelling of `symbol`: exact NSE symbols (`M&M`, `BAJAJ-AUTO`),
 * the same in any case, or an index's name (`NIFTY 50`, `NIFTY BANK`). Throws an
 * UnknownSymbolError listing close matches otherwise.
 *
 * @example resolveSymbol('nifty bank') // 'BANKNIFTY'
 */
export function resolveSymbol(symbol: string): string {
  const wanted = symbol.trim().toUpperCase()
  const instruments = listInstruments()
  const hit = instruments.find((i) => i.symbol === wanted || i.name.toUpperCase() === wanted)
  if (hit) return hit.symbol
  const names = instruments.map((i) => i.symbol)
  throw new UnknownSymbolError(symbol, closeMatches(symbol, names))
}

/**
 * Loads `symbol`'s candles at `timeframe` as columns. A bundled file at that timeframe is
 * read as is; otherwise 5m, 15m and 1d candles are built from the symbol's 1m file (see
 * `resampleColumns`). Note RELIANCE, INFY, TCS, HDFCBANK, SBIN and ICICIBANK have a 2016
 * 1m file and a 2020-2025 adjusted 1d file, and '1d' reads the latter. Throws for an
 * unknown symbol, or for a timeframe that neither exists nor can be built.
 *
 * @example const nifty = await loadBarColumns('NIFTY50', '5m')
 */
export async function loadBarColumns(symbol: string, timeframe: Timeframe): Promise<BarColumns> {
  const canonical = resolveSymbol(symbol)
  const mine = listSeries().filter((s) => s.symbol === canonical)
  const exact = mine.find((s) => s.timeframe === timeframe)
  if (exact) return parseBarColumns(await readData(exact.file), exact.file)
  const minute = mine.find((s) => s.timeframe === '1m')
  if (minute) return resampleColumns(await loadBarColumns(canonical, '1m'), timeframe)
  const have = mine.map((s) => `${s.timeframe} (${s.first.slice(0, 10)} .. ${s.last.slice(0, 10)})`)
  const what = have.length > 0 ? `only ${have.join(', ')} is bundled` : 'it has only ticks'
  throw new Error(`no ${timeframe} data for ${canonical}: ${what}`)
}

/**
 * Bar-object form of `loadBarColumns`, with the same rules.
 *
 * @example const [first] = await loadBars('M&M', '1d')
 */
export async function loadBars(symbol: string, timeframe: Timeframe): Promise<Bar[]> {
  return columnsToBars(await loadBarColumns(symbol, timeframe))
}

/**
 * Loads the bundled futures ticks in time order, de-duplicated (see `parseTicks`),
 * optionally only for some symbols. Unknown symbols throw an UnknownSymbolError.
 *
 * @example await loadTicks(['TCS25NOVFUT'])
 */
export async function loadTicks(symbols?: readonly string[]): Promise<Tick[]> {
  const wanted = symbols && new Set(symbols.map(resolveSymbol))
  const { file } = tickFile()
  const ticks = parseTicks(await readData(file), file)
  return wanted ? ticks.filter((t) => wanted.has(t.symbol)) : ticks
}

/** Absolute filesystem path of a file inside DATA_DIR. */
export function dataPath(file: string): string {
  return join(fileURLToPath(DATA_DIR), file)
}

function readData(file: string): Promise<string> {
  return readFile(dataPath(file), 'utf8')
}

// Read once, synchronously: 59 small rows, and listing should not force callers to await.
function readManifest(): { series: SeriesInfo[]; ticks: DataFile } {
  if (manifest) return manifest
  const [header, ...rows] = readFileSync(dataPath('MANIFEST.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map(splitCsvLine)
  const col = (row: string[], name: string): string => row[header!.indexOf(name)] ?? ''
  const series: SeriesInfo[] = []
  let ticks: DataFile | undefined
  for (const row of rows) {
    const info: DataFile = {
      file: col(row, 'file'),
      first: col(row, 'first'),
      last: col(row, 'last'),
      rows: Number(col(row, 'rows')),
      source: {
        repo: col(row, 'source_repo'),
        commit: col(row, 'source_commit'),
        path: col(row, 'source_path'),
      },
    }
    const interval = col(row, 'interval')
    if (interval === 'tick') ticks = info
    else series.push(seriesInfo(info, interval, col(row, 'instrument')))
  }
  if (!ticks) throw new Error('MANIFEST.csv lists no tick file')
  manifest = { series, ticks }
  return manifest
}

function seriesInfo(info: DataFile, interval: string, description: string): SeriesInfo {
  const symbol = /([^/]+?)_(1min|1d)(_[^/]*)?\.csv$/.exec(info.file)?.[1]
  const timeframe = interval === '1min' ? '1m' : interval === '1d' ? '1d' : undefined
  if (!symbol || !timeframe) throw new Error(`MANIFEST.csv: unexpected row for ${info.file}`)
  const index = description.endsWith(' index')
  const name = index ? description.slice(0, -' index'.length) : symbol
  const instrument: Instrument = {
    symbol,
    exchange: 'NSE',
    segment: index ? 'INDICES' : 'EQ',
    name,
  }
  return { ...info, symbol, timeframe, instrument }
}

// MANIFEST quotes fields that contain commas, e.g. source paths.
function splitCsvLine(line: string): string[] {
  const out: string[] = []
  const re = /"((?:[^"]|"")*)"|([^,]*)/y
  for (let pos = 0; pos <= line.length; pos = re.lastIndex + 1) {
    re.lastIndex = pos
    const m = re.exec(line)
    out.push(m?.[1] !== undefined ? m[1].replaceAll('""', '"') : (m?.[2] ?? ''))
  }
  return out
}

function fut(underlying: string, lotSize: number): Instrument {
  const symbol = `${underlying}25NOVFUT`
  const name = `${underlying} Nov 2025 future`
  return { symbol, exchange: 'NSE', segment: 'FUT', name, lotSize, expiry: '2025-11-25' }
}
