import { csvField } from '../../market/csv.ts'

/** One row of Kite's instrument dump, as the local REST server serves it. */
export interface KiteTestInstrument {
  instrumentToken: number
  tradingsymbol: string
  name: string
  /** `EQ` (equities and indices alike), `FUT`, `CE`, `PE`. */
  instrumentType: string
  /** `NSE` for NSE equities, `INDICES` for its indices, `NFO-FUT`, … */
  segment: string
  exchange: string
  /** `YYYY-MM-DD` for derivatives, empty otherwise. */
  expiry: string
  strike: number
  tickSize: number
  lotSize: number
}

/** An NSE equity as Kite lists it: tick 0.05, lot 1, segment and exchange NSE. */
export const nseEquity = (
  instrumentToken: number,
  tradingsymbol: string,
  name: string,
): KiteTestInstrument => ({
  instrumentToken,
  tradingsymbol,
  name,
  instrumentType: 'EQ',
  segment: 'NSE',
  exchange: 'NSE',
  expiry: '',
  strike: 0,
  tickSize: 0.05,
  lotSize: 1,
})

/** An NSE index as Kite lists it: type EQ in segment INDICES, not tradable (tick and lot 0). */
export const nseIndex = (instrumentToken: number, tradingsymbol: string): KiteTestInstrument => ({
  ...nseEquity(instrumentToken, tradingsymbol, tradingsymbol),
  segment: 'INDICES',
  tickSize: 0,
  lotSize: 0,
})

/**
 * The local server's default dump: the bundled symbols under their real tokens (indices as
 * Kite spells them, `NIFTY 50` and `NIFTY BANK`), a few more real NSE instruments, and one
 * NFO future that `/instruments/NSE` leaves out.
 */
export const KITE_TEST_INSTRUMENTS: readonly KiteTestInstrument[] = [
  nseIndex(256265, 'NIFTY 50'),
  nseIndex(260105, 'NIFTY BANK'),
  nseIndex(259849, 'NIFTY IT'),
  nseIndex(264969, 'INDIA VIX'),
  nseEquity(738561, 'RELIANCE', 'RELIANCE INDUSTRIES'),
  nseEquity(408065, 'INFY', 'INFOSYS'),
  nseEquity(2953217, 'TCS', 'TATA CONSULTANCY SERV LT'),
  nseEquity(341249, 'HDFCBANK', 'HDFC BANK'),
  nseEquity(779521, 'SBIN', 'STATE BANK OF INDIA'),
  nseEquity(1270529, 'ICICIBANK', 'ICICI BANK'),
  nseEquity(424961, 'ITC', 'ITC'),
  nseEquity(519937, 'M&M', 'MAHINDRA & MAHINDRA'),
  nseEquity(884737, 'TATAMOTORS', 'TATA MOTORS'),
  nseEquity(2714625, 'BHARTIARTL', 'BHARTI AIRTEL'),
  {
    ...nseEquity((35001 << 8) | 2, 'NIFTY24JANFUT', 'NIFTY'),
    instrumentType: 'FUT',
    segment: 'NFO-FUT',
    exchange: 'NFO',
    expiry: '2024-01-25',
    lotSize: 50,
  },
]

const HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange'

/**
 * Kite's CSV dump of `rows` (https://kite.trade/docs/connect/v3/market-quotes/#instruments):
 * its header, the exchange token in the upper bits of the instrument token, `last_price` 0
 * (the dump is made before the open), names quoted when they need it.
 */
export function kiteInstrumentsCsv(rows: readonly KiteTestInstrument[]): string {
  const lines = rows.map((r) =>
    [
      r.instrumentToken,
      r.instrumentToken >>> 8,
      csvField(r.tradingsymbol),
      csvField(r.name),
      0,
      r.expiry,
      r.strike,
      r.tickSize,
      r.lotSize,
      r.instrumentType,
      r.segment,
      r.exchange,
    ].join(','),
  )
  return `${[HEADER, ...lines].join('\n')}\n`
}
