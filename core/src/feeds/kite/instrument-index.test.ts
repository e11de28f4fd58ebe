import { describe, expect, it } from 'vitest'
import { indexKiteInstruments } from './instrument-index.ts'

// Rows as kiteconnect resolves them for `getInstruments('NSE')`: strings, but the numbers.
const row = (token: number, tradingsymbol: string, name: string, segment = 'NSE') => ({
  instrument_token: String(token),
  exchange_token: String(token >>> 8),
  tradingsymbol,
  name,
  last_price: 0,
  expiry: '',
  strike: 0,
  tick_size: segment === 'NSE' ? 0.05 : 0,
  lot_size: segment === 'NSE' ? 1 : 0,
  instrument_type: 'EQ',
  segment,
  exchange: 'NSE',
})

const ROWS = [
  row(256265, 'NIFTY 50', 'NIFTY 50', 'INDICES'),
  row(260105, 'NIFTY BANK', 'NIFTY BANK', 'INDICES'),
  row(408065, 'INFY', 'INFOSYS'),
  row(341249, 'HDFCBANK', 'HDFC BANK'),
  row(2953217, 'TCS', 'TATA CONSULTANCY SERV LT'),
  row(424961, 'ITC', 'ITC'),
  row(519937, 'M&M', 'MAHINDRA & MAHINDRA'),
  // A type other than EQ is not imported.
  { ...row(5633, 'INFY-BE', 'INFOSYS'), instrument_type: 'BE' },
  // What papaparse makes of the closing newline.
  { instrument_token: '' },
]

describe('indexKiteInstruments', () => {
  it('finds equities by tradingsymbol and indices with or without spaces, and skips the rest', () => {
    const index = indexKiteInstruments(ROWS, { BANKNIFTY: 260105 })
    expect(index.size).toBe(7)
    expect(index.token('M&M')).toBe(519937)
    expect(index.token('m&m')).toBe(519937)
    expect(index.token('NIFTY 50')).toBe(256265)
    expect(index.token('NIFTY50')).toBe(256265)
    expect(index.token('NIFTYBANK')).toBe(260105)
    expect(index.token('BANKNIFTY')).toBe(260105)
    expect(index.token('INFY-BE')).toBeUndefined()
    expect(index.token('')).toBeUndefined()
  })

  it('keeps an equity’s symbol when an index without its spaces would take it; aliases win', () => {
    const index = indexKiteInstruments(
      [row(999945, 'TOP TEN', 'TOP TEN', 'INDICES'), row(111, 'TOPTEN', 'TOPTEN LTD'), ...ROWS],
      { TCS: 42 },
    )
    expect(index.token('TOPTEN')).toBe(111)
    expect(index.token('TOP TEN')).toBe(999945)
    expect(index.token('TCS')).toBe(42)
  })

  it('suggests symbols a typo away, or whose company name starts with what was typed', () => {
    const index = indexKiteInstruments(ROWS)
    expect(index.near('TCSS')).toEqual(['TCS'])
    expect(index.near('ITX')).toEqual(['ITC'])
    expect(index.near('INFOSYS')).toEqual(['INFY'])
    expect(index.near('MAHINDRA')).toEqual(['M&M'])
    expect(index.near('NIFTY5O')).toEqual(['NIFTY50'])
    expect(index.near('ZZZZZZ')).toEqual([])
    expect(index.near('HDFC', 1)).toEqual(['HDFCBANK'])
  })
})
