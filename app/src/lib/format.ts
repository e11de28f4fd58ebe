// Dates and money as people in India read them: IST, Indian digit grouping, rupees.

const TIME_ZONE = 'Asia/Kolkata'

/**
 * An amount in minor units (paise) as currency, without decimals when it is whole.
 *
 * @example
 * formatMoney(99_900, 'inr') // '₹999'
 * formatMoney(12_345_050, 'inr') // '₹1,23,450.50'
 */
export function formatMoney(minor: number, currency: string): string {
  const major = minor / 100
  const whole = Number.isInteger(major)
  return new Intl.NumberFormat('en-IN', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(major)
}

/** @example formatDate('2026-12-07T04:00:00Z') // '7 Dec 2026' */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('en-IN', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso))
}

/** @example formatDateTime('2026-12-07T04:00:00Z') // '7 Dec 2026, 9:30 am IST' */
export function formatDateTime(iso: string): string {
  const text = new Intl.DateTimeFormat('en-IN', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).format(new Date(iso))
  return `${text} IST`
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

/**
 * How long ago `iso` was, in words.
 *
 * @example
 * timeAgo('2026-11-30T10:00:00Z', Date.parse('2026-11-30T12:00:00Z')) // '2 hours ago'
 */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const elapsed = now - Date.parse(iso)
  if (elapsed < 60_000) return 'just now'
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit)
  }
  return 'just now'
}
