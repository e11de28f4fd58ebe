/**
 * Kite instrument tokens of the symbols the bundled data covers at one minute: the two
 * indices and the six NSE stocks. They resolve without Kite's instrument list (a fast path,
 * and no download when only these are imported), and they hold the catalog's names of the
 * indices, which Kite spells otherwise (`NIFTY50` is Kite's `NIFTY 50`, `BANKNIFTY` its
 * `NIFTY BANK`, both in segment INDICES). Every other symbol is looked up in Kite's list
 * (instrument-list.ts). Tokens are Kite's own (NSE equities in segment 1, indices in segment
 * 9) and do not change for these instruments.
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

/** The bundled Kite instrument token of `symbol` (as the catalog spells it), or undefined. */
export const kiteInstrumentToken = (symbol: string): number | undefined =>
  Object.hasOwn(KITE_INSTRUMENT_TOKENS, symbol) ? KITE_INSTRUMENT_TOKENS[symbol] : undefined
