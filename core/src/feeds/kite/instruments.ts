/**
 * Kite instrument tokens of the symbols the bundled data covers at one minute: the two
 * indices and the six NSE stocks. The instrument catalog (market/catalog.ts) carries no
 * tokens, and Kite's full list (`GET /instruments`, tens of thousands of rows, renewed daily)
 * is not fetched yet; until it is, only these import from Kite. Tokens are Kite's own
 * (NSE equities in segment 1, indices in segment 9) and do not change for these instruments.
 */
export const KITE_INSTRUMENT_TOKENS: Readonly<Record<string, number>> = {
  NIFTY50: 256265,
  BANKNIFTY: 260105,
  RELIANCE: 738561,
  INFY: 408065,
  TCS: 2953217,
  HDFCBANK: 341249,
  SBIN: 779521,
  ICICIBANK: 1270529,
}

/** The Kite instrument token of `symbol` (as the catalog spells it), or undefined. */
export const kiteInstrumentToken = (symbol: string): number | undefined =>
  Object.hasOwn(KITE_INSTRUMENT_TOKENS, symbol) ? KITE_INSTRUMENT_TOKENS[symbol] : undefined
