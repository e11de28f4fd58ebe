import { loadBars, loadTicks } from '../../market/catalog.ts'
import type { Tick } from '../../market/types.ts'
import { SEGMENT } from './protocol.ts'

/**
 * Test instruments: the bundled futures as NFO tokens (segment 2 in the low byte, as Kite
 * numbers them) and NIFTY 50 under its real Kite token 256265 (segment 9, an index).
 */
export const TOKENS = {
  MCX25NOVFUT: (40001 << 8) | SEGMENT.NFO,
  RELIANCE25NOVFUT: (40002 << 8) | SEGMENT.NFO,
  TCS25NOVFUT: (40003 << 8) | SEGMENT.NFO,
  TRENT25NOVFUT: (40004 << 8) | SEGMENT.NFO,
  NIFTY50: 256265,
} as const

export type TestSymbol = keyof typeof TOKENS

export const TEST_INSTRUMENTS = Object.entries(TOKENS).map(([symbol, token]) => ({ symbol, token }))

/**
 * The bundled futures ticks with a NIFTY 50 tick (each 1m bar's close) woven in after every
 * 20th, so index packets flow alongside.
 */
export async function testTicks(): Promise<Tick[]> {
  const [futures, nifty] = await Promise.all([loadTicks(), loadBars('NIFTY50', '1m')])
  const out: Tick[] = []
  futures.forEach((tick, i) => {
    out.push(tick)
    if (i % 20 === 19) {
      const bar = nifty[(i / 20) | 0]!
      out.push({ symbol: 'NIFTY50', ts: bar.ts + 59_000, price: bar.close })
    }
  })
  return out
}
