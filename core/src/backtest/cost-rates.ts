/**
 * Zerodha's charges on NSE trades, one row per rate, each with its source and the date it took
 * effect. Rates are stored in rupees per crore (₹1 crore = ₹10,000,000) of order value, the
 * unit NSE and Zerodha publish most of them in, so that `value × perCrore / 1e7` stays exact
 * for whole-rupee values; the percent is in each row's comment.
 *
 * Checked against zerodha.com/charges and the cited circulars in November 2026. A backtest
 * applies today's rates to every date (what the strategy would cost to run now); it does not
 * replay historical rates.
 */

/** Where a charge applies: Zerodha's four equity columns. */
export type ChargeSegment = 'EQ_DELIVERY' | 'EQ_INTRADAY' | 'FUT' | 'OPT'

export type ChargeKind =
  | 'brokerage'
  | 'stt'
  | 'exchange'
  | 'ipft'
  | 'sebi'
  | 'stamp'
  | 'gst'
  | 'squareOff'

export interface ChargeRate {
  charge: ChargeKind
  segment: ChargeSegment | 'ALL'
  /** Who pays: the buyer, the seller, or both sides. */
  side: 'buy' | 'sell' | 'both'
  /** Rupees per crore of order value (of premium for options). */
  perCrore?: number
  /** Rupees per executed order: a cap on `perCrore` ("whichever is lower"). */
  capPerOrder?: number
  /** Rupees per executed order, flat. */
  flatPerOrder?: number
  /** Percent of the other charges it is levied on (GST only). */
  percentOfCharges?: number
  /** ISO date the rate took effect, or null where the source gives none. */
  effectiveFrom: string | null
  source: string
}

const ZERODHA = 'https://zerodha.com/charges (equity table, read 2026-11)'
const NSE_TXN_2024 =
  'NSE circulars of 2024-09-27 on revised transaction charges (uniform rates after SEBI circular of 2024-07-01 on MII charges)'
const IPFT =
  'NSE circular NSE/FA/56129 of 2023-03-24 (IPFT contribution); Zerodha support "What are IPFT charges?": shown inside exchange transaction charges, GST applies'
const STAMP =
  'Indian Stamp Act 1899 as amended by the Finance Act 2019, notified from 2020-07-01 (NSE "Stamp Duty" page; Zerodha bulletin 2020-07-01)'
const FINANCE_2026 = 'Finance Act 2026 (Union Budget 2026-27), STT on derivatives from 2026-04-01'

/** The rate table. Brokerage, GST and auto square-off are Zerodha's; the rest are statutory. */
export const ZERODHA_NSE_RATES: readonly ChargeRate[] = [
  // Brokerage: ₹0 on delivery; 0.03 % or ₹20 per executed order, whichever is lower, on
  // intraday and futures; ₹20 flat per executed order on options.
  {
    charge: 'brokerage',
    segment: 'EQ_DELIVERY',
    side: 'both',
    perCrore: 0,
    effectiveFrom: null,
    source: ZERODHA,
  },
  {
    charge: 'brokerage',
    segment: 'EQ_INTRADAY',
    side: 'both',
    perCrore: 3_000,
    capPerOrder: 20,
    effectiveFrom: null,
    source: ZERODHA,
  },
  {
    charge: 'brokerage',
    segment: 'FUT',
    side: 'both',
    perCrore: 3_000,
    capPerOrder: 20,
    effectiveFrom: null,
    source: ZERODHA,
  },
  {
    charge: 'brokerage',
    segment: 'OPT',
    side: 'both',
    flatPerOrder: 20,
    effectiveFrom: null,
    source: ZERODHA,
  },

  // STT: 0.1 % both sides on delivery (Finance Act 2012); 0.025 % on intraday sells (Finance
  // Act 2006); 0.05 % on futures sells and 0.15 % of premium on option sells (Finance Act
  // 2026, up from 0.02 % and 0.1 %). Contract notes round STT to the nearest rupee.
  {
    charge: 'stt',
    segment: 'EQ_DELIVERY',
    side: 'both',
    perCrore: 10_000,
    effectiveFrom: '2012-07-01',
    source: 'Finance Act 2012, STT on delivery 0.125 % → 0.1 %',
  },
  {
    charge: 'stt',
    segment: 'EQ_INTRADAY',
    side: 'sell',
    perCrore: 2_500,
    effectiveFrom: '2006-06-01',
    source: 'Finance Act 2006, STT on non-delivery sales 0.025 %',
  },
  {
    charge: 'stt',
    segment: 'FUT',
    side: 'sell',
    perCrore: 5_000,
    effectiveFrom: '2026-04-01',
    source: FINANCE_2026,
  },
  {
    charge: 'stt',
    segment: 'OPT',
    side: 'sell',
    perCrore: 15_000,
    effectiveFrom: '2026-04-01',
    source: FINANCE_2026,
  },

  // NSE transaction charges, each side: cash 0.00297 %, futures 0.00173 %, options 0.03503 %
  // of premium.
  {
    charge: 'exchange',
    segment: 'EQ_DELIVERY',
    side: 'both',
    perCrore: 297,
    effectiveFrom: '2024-10-01',
    source: NSE_TXN_2024,
  },
  {
    charge: 'exchange',
    segment: 'EQ_INTRADAY',
    side: 'both',
    perCrore: 297,
    effectiveFrom: '2024-10-01',
    source: NSE_TXN_2024,
  },
  {
    charge: 'exchange',
    segment: 'FUT',
    side: 'both',
    perCrore: 173,
    effectiveFrom: '2024-10-01',
    source: NSE_TXN_2024,
  },
  {
    charge: 'exchange',
    segment: 'OPT',
    side: 'both',
    perCrore: 3_503,
    effectiveFrom: '2024-10-01',
    source: NSE_TXN_2024,
  },

  // NSE Investor Protection Fund Trust: ₹10 / crore (0.0001 %) on cash and futures, ₹50 / crore
  // (0.0005 %) of premium on options. Zerodha lists the sums (0.00307 %, 0.00183 %, 0.03553 %).
  {
    charge: 'ipft',
    segment: 'EQ_DELIVERY',
    side: 'both',
    perCrore: 10,
    effectiveFrom: '2023-04-01',
    source: IPFT,
  },
  {
    charge: 'ipft',
    segment: 'EQ_INTRADAY',
    side: 'both',
    perCrore: 10,
    effectiveFrom: '2023-04-01',
    source: IPFT,
  },
  {
    charge: 'ipft',
    segment: 'FUT',
    side: 'both',
    perCrore: 10,
    effectiveFrom: '2023-04-01',
    source: IPFT,
  },
  {
    charge: 'ipft',
    segment: 'OPT',
    side: 'both',
    perCrore: 50,
    effectiveFrom: '2023-04-01',
    source: IPFT,
  },

  // SEBI turnover fee: ₹10 / crore (0.0001 %) on every segment, both sides.
  {
    charge: 'sebi',
    segment: 'ALL',
    side: 'both',
    perCrore: 10,
    effectiveFrom: '2019-04-01',
    source:
      'SEBI (Payment of Fees) (Amendment) Regulations 2019, notification SEBI/LAD-NRO/GN/2019/03 of 2019-03-22',
  },

  // Stamp duty, buyer only, uniform across states: delivery 0.015 %, intraday 0.003 %,
  // futures 0.002 %, options 0.003 % (of premium).
  {
    charge: 'stamp',
    segment: 'EQ_DELIVERY',
    side: 'buy',
    perCrore: 1_500,
    effectiveFrom: '2020-07-01',
    source: STAMP,
  },
  {
    charge: 'stamp',
    segment: 'EQ_INTRADAY',
    side: 'buy',
    perCrore: 300,
    effectiveFrom: '2020-07-01',
    source: STAMP,
  },
  {
    charge: 'stamp',
    segment: 'FUT',
    side: 'buy',
    perCrore: 200,
    effectiveFrom: '2020-07-01',
    source: STAMP,
  },
  {
    charge: 'stamp',
    segment: 'OPT',
    side: 'buy',
    perCrore: 300,
    effectiveFrom: '2020-07-01',
    source: STAMP,
  },

  // GST 18 % (CGST 9 % + SGST 9 %, or IGST 18 %) on brokerage + exchange charges (with IPFT) +
  // SEBI fee + the square-off fee; not on STT or stamp duty.
  {
    charge: 'gst',
    segment: 'ALL',
    side: 'both',
    percentOfCharges: 18,
    effectiveFrom: '2017-07-01',
    source: `GST on financial services from 2017-07-01; base as listed on ${ZERODHA}`,
  },

  // MIS positions Zerodha squares off itself: ₹50 per order (+ GST), as "call & trade".
  {
    charge: 'squareOff',
    segment: 'ALL',
    side: 'both',
    flatPerOrder: 50,
    effectiveFrom: null,
    source: `${ZERODHA}, "Call & trade … including auto square off orders"`,
  },
]
