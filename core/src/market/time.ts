/** India Standard Time is UTC+05:30 all year (no daylight saving). */
export const IST_OFFSET_MS = 330 * 60_000

/** Milliseconds in a day (IST has no daylight saving: every day is this long). */
export const DAY_MS = 86_400_000
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

let cachedDateKey = -1
let cachedDateMs = 0

/**
 * Parses a strict ISO-8601 timestamp `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` found in
 * `s` between `from` and `to` into epoch milliseconds, or returns NaN when it is malformed or
 * names an impossible date or time. Fractions finer than a millisecond are truncated. It
 * reads character codes in place, so a parser can call it per row without slicing strings.
 *
 * @example parseIsoTimestamp('2024-01-01T09:15:00+05:30') // 1704080700000
 */
export function parseIsoTimestamp(s: string, from = 0, to = s.length): number {
  if (to - from < 20) return Number.NaN
  const y = digits(s, from, 4)
  const mo = digits(s, from + 5, 2)
  const d = digits(s, from + 8, 2)
  const h = digits(s, from + 11, 2)
  const mi = digits(s, from + 14, 2)
  const sec = digits(s, from + 17, 2)
  if (
    s.charCodeAt(from + 4) !== 45 ||
    s.charCodeAt(from + 7) !== 45 ||
    s.charCodeAt(from + 10) !== 84 ||
    s.charCodeAt(from + 13) !== 58 ||
    s.charCodeAt(from + 16) !== 58 ||
    !(mo >= 1 && mo <= 12 && d >= 1 && d <= (DAYS_IN_MONTH[mo - 1] ?? 0)) ||
    !(h <= 23 && mi <= 59 && sec <= 59)
  ) {
    return Number.NaN
  }
  let i = from + 19
  let ms = 0
  if (s.charCodeAt(i) === 46) {
    const start = ++i
    while (i < to && isDigit(s.charCodeAt(i))) i++
    if (i === start) return Number.NaN
    ms = digits(s, start, Math.min(3, i - start)) * 10 ** Math.max(0, 3 - (i - start))
  }
  const offset = parseOffset(s, i, to)
  if (Number.isNaN(offset)) return Number.NaN
  return dateMs(y, mo, d) + ((h * 60 + mi) * 60 + sec) * 1000 + ms - offset
}

/**
 * Formats epoch ms as IST wall time in the files' notation, e.g. `2024-01-01T09:15:00+05:30`,
 * with milliseconds only when there are some, for messages and listings.
 */
export function formatIst(ms: number): string {
  const iso = new Date(ms + IST_OFFSET_MS).toISOString()
  return `${ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}+05:30`
}

/** Epoch ms of 00:00 IST on the IST calendar day containing `ms`. */
export function istDayStart(ms: number): number {
  return Math.floor((ms + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS
}

// Consecutive rows nearly always share a date, and Date.UTC plus the leap-day check is the
// slowest part of a row, so the last date is memoised.
function dateMs(y: number, mo: number, d: number): number {
  const key = (y * 100 + mo) * 100 + d
  if (key === cachedDateKey) return cachedDateMs
  const ms = Date.UTC(y, mo - 1, d)
  if (new Date(ms).getUTCDate() !== d) return Number.NaN // 29 Feb in a common year
  cachedDateKey = key
  cachedDateMs = ms
  return ms
}

function parseOffset(s: string, i: number, to: number): number {
  const sign = s.charCodeAt(i)
  if (sign === 90) return i + 1 === to ? 0 : Number.NaN
  if ((sign !== 43 && sign !== 45) || to - i !== 6 || s.charCodeAt(i + 3) !== 58) {
    return Number.NaN
  }
  const h = digits(s, i + 1, 2)
  const m = digits(s, i + 4, 2)
  if (!(h <= 23 && m <= 59)) return Number.NaN
  return (sign === 45 ? -1 : 1) * (h * 60 + m) * 60_000
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function digits(s: string, from: number, n: number): number {
  let v = 0
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i)
    if (!isDigit(c)) return Number.NaN
    v = v * 10 + (c - 48)
  }
  return v
}
