import type { InferRequestType, InferResponseType } from 'hono/client'
import { type Api, api, read } from './api/client.ts'

type Kite = Api['api']['v1']['brokers']['kite']

/** The member's Kite connection as the edge shows it (masked key, login URL, session). */
export type KiteConnection = InferResponseType<Kite['$get'], 200>
export type KiteKeys = InferRequestType<Kite['$put']>['json']
export type KiteImport = InferRequestType<Api['api']['v1']['datasets']['kite']['$post']>['json']

export const loadKite = () => read(api().api.v1.brokers.kite.$get())
export const saveKiteKeys = (json: KiteKeys) => read(api().api.v1.brokers.kite.$put({ json }))
export const forgetKite = () => read(api().api.v1.brokers.kite.$delete())
export const startKiteSession = (requestToken: string) =>
  read(api().api.v1.brokers.kite.session.$post({ json: { requestToken } }))
export const importFromKite = (json: KiteImport) => read(api().api.v1.datasets.kite.$post({ json }))

const TIME_ZONE = 'Asia/Kolkata'

/**
 * When a Kite session ends, as the user reads it: the IST time, and the day unless it is
 * today or tomorrow (sessions end at 06:00 IST the morning after the login).
 *
 * @example kiteExpiry('2026-12-01T00:30:00Z', Date.parse('2026-11-30T10:00:00Z')) // 'expires 06:00 IST tomorrow'
 */
export function kiteExpiry(iso: string, now = Date.now()): string {
  const at = new Date(iso)
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
  const day = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(ms))
  const when =
    day(at.getTime()) === day(now)
      ? 'today'
      : day(at.getTime()) === day(now + 86_400_000)
        ? 'tomorrow'
        : `on ${new Intl.DateTimeFormat('en-IN', { timeZone: TIME_ZONE, day: 'numeric', month: 'short' }).format(at)}`
  const verb = at.getTime() <= now ? 'expired' : 'expires'
  return `${verb} ${time} IST ${when}`
}

/** The request token of Kite's redirect, or why there is none (the user cancelled, or no token). */
export function kiteRedirect(
  params: Record<string, string | string[] | undefined>,
): { requestToken: string } | { problem: string } {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)
  const status = one(params.status)
  const token = one(params.request_token)
  if (status !== 'success') {
    return { problem: 'Kite did not complete the login (it was cancelled or refused). Try again.' }
  }
  if (!token || !/^[A-Za-z0-9]{8,128}$/.test(token)) {
    return { problem: 'Kite’s answer carried no request token. Log in with Kite again.' }
  }
  return { requestToken: token }
}
