/** NSE equities and indices of Kite's instrument dump, by the symbol a user types. */
export interface KiteInstrumentIndex {
  /** NSE equities and indices indexed. */
  readonly size: number
  /**
   * The instrument token of an NSE equity (its tradingsymbol, e.g. `M&M`), an index (Kite's
   * tradingsymbol with or without its spaces: `NIFTY IT`, `NIFTYIT`) or an alias given to the
   * index (the catalog's `BANKNIFTY`); undefined for anything else.
   */
  token(symbol: string): number | undefined
  /** Up to `most` symbols a user may have meant by `symbol`, closest first. */
  near(symbol: string, most?: number): string[]
}

/**
 * Indexes the rows `kiteconnect`'s `getInstruments('NSE')` resolves with (Kite's CSV parsed
 * by the client: every field a string but the prices and sizes): the equities (segment NSE,
 * type EQ) and indices (segment INDICES), plus `aliases` (symbol → token), which win over
 * the list. An equity keeps its tradingsymbol when an index spelled without spaces would
 * collide with it.
 *
 * @example
 * const index = indexKiteInstruments(await kite.getInstruments('NSE'), { NIFTY50: 256265 })
 * index.token('ITC') // 424961
 */
export function indexKiteInstruments(
  rows: readonly unknown[],
  aliases: Readonly<Record<string, number>> = {},
): KiteInstrumentIndex {
  const tokens = new Map<string, number>()
  const indices: [string, number][] = []
  // Company names, squeezed (`INFOSYS`), so a name typed for a symbol finds the symbol.
  const names: [name: string, symbol: string][] = []
  let size = 0
  for (const row of rows) {
    const r = (row ?? {}) as Record<string, unknown>
    const token = Number(r.instrument_token)
    const symbol = typeof r.tradingsymbol === 'string' ? r.tradingsymbol.trim() : ''
    if (!Number.isSafeInteger(token) || token <= 0 || !symbol) continue
    if (r.segment === 'NSE' && r.instrument_type === 'EQ') {
      size++
      tokens.set(symbol, token)
      if (typeof r.name === 'string' && r.name) names.push([squeeze(r.name), symbol])
    } else if (r.segment === 'INDICES') {
      size++
      indices.push([symbol, token])
    }
  }
  for (const [alias, token] of Object.entries(aliases)) tokens.set(alias, token)
  for (const [symbol, token] of indices) {
    for (const key of new Set([symbol, squeeze(symbol)])) {
      if (!tokens.has(key)) tokens.set(key, token)
    }
  }
  return {
    size,
    token: (symbol) => tokens.get(symbol.trim().toUpperCase()),
    near: (symbol, most = 3) => nearSymbols(symbol.trim().toUpperCase(), tokens, names, most),
  }
}

/** Uppercase, without spaces or punctuation: `Mahindra & Mahindra` → `MAHINDRAMAHINDRA`. */
const squeeze = (text: string) => text.toUpperCase().replace(/[^A-Z0-9&]/g, '')

/**
 * Symbols within a typo or two of `wanted` (one for short ones), then those whose company
 * name starts with it; about 10,000 short strings on the error path only, so a plain scan.
 */
function nearSymbols(
  wanted: string,
  tokens: ReadonlyMap<string, number>,
  names: readonly (readonly [string, string])[],
  most: number,
): string[] {
  const limit = wanted.length <= 4 ? 1 : 2
  const scored: [score: number, symbol: string][] = []
  for (const symbol of tokens.keys()) {
    if (symbol.includes(' ')) continue
    const d = editDistance(wanted, symbol, limit)
    if (d <= limit) scored.push([d, symbol])
  }
  const key = squeeze(wanted)
  if (key.length >= 3) {
    for (const [name, symbol] of names) if (name.startsWith(key)) scored.push([limit + 1, symbol])
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
  return [...new Set(scored.map(([, symbol]) => symbol))].filter((s) => s !== wanted).slice(0, most)
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      best = Math.min(best, current[j]!)
    }
    if (best > limit) return limit + 1
    previous = current
  }
  return previous[b.length]!
}
