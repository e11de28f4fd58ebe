/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 19_800_000

/** A moment as read on an Indian exchange's clock. */
export interface IstTime {
  /** Trading date, `YYYY-MM-DD`. */
  date: string
  hour: number
  minute: number
  second: number
  /** Minutes since midnight IST: 9:15 is 555, 15:20 is 920, 15:30 is 930. */
  minuteOfDay: number
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** `YYYY-MM-DD HH:MM` */
  text: string
}

/**
 * Reads an epoch-ms timestamp in IST, e.g. to act at a time of the trading day.
 *
 * @example if (ist(event.bar.ts).minuteOfDay >= 15 * 60 + 20) ctx.sell(...) // after 15:20
 */
export function ist(ts: number): IstTime {
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    throw new RangeError(`ist: expected epoch milliseconds, got ${String(ts)}`)
  }
  const d = new Date(ts + IST_OFFSET_MS)
  const iso = d.toISOString()
  const hour = d.getUTCHours()
  const minute = d.getUTCMinutes()
  return {
    date: iso.slice(0, 10),
    hour,
    minute,
    second: d.getUTCSeconds(),
    minuteOfDay: hour * 60 + minute,
    weekday: d.getUTCDay(),
    text: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
  }
}
