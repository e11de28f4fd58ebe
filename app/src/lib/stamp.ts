/**
 * A moment to the second on the exchange's clock (IST), for log lines and live tables where
 * several rows fall in the same minute.
 *
 * @example formatStamp('2026-12-07T04:00:05Z') // '7 Dec 2026, 09:30:05'
 */
export function formatStamp(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-IN', {
    timeZone: 'Asia/Kolkata',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}:${part('second')}`
}
