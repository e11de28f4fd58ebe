import { loadBarColumns } from '../market/catalog.ts'
import { barAt } from '../market/columns.ts'
import type { Bar, BarColumns, Timeframe } from '../market/types.ts'
import type { HistorySource } from './instance.ts'

/**
 * History from the bundled NSE data, for warming up plugins on the replay feed: the `count`
 * bars of a series that opened before `before`. A series without bundled data has no
 * history (the plugin starts cold, as it would on a symbol listed today). Series are read
 * once and kept.
 */
export function bundledHistory(): HistorySource {
  const series = new Map<string, Promise<BarColumns | null>>()
  return async (symbol: string, timeframe: Timeframe, before: number, count: number) => {
    const key = `${symbol}|${timeframe}`
    let columns = series.get(key)
    if (!columns) {
      columns = loadBarColumns(symbol, timeframe).catch(() => null)
      series.set(key, columns)
    }
    const c = await columns
    if (!c || count <= 0) return []
    // First index with ts >= before.
    let lo = 0
    let hi = c.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (c.ts[mid]! < before) lo = mid + 1
      else hi = mid
    }
    const bars: Bar[] = []
    for (let i = Math.max(0, lo - count); i < lo; i++) bars.push(barAt(c, i))
    return bars
  }
}
