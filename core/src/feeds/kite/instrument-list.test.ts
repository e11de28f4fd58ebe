/**
 * Symbols resolve to Kite instrument tokens through Kite's own instrument dump, fetched by
 * the official `kiteconnect` client from the local server (CSV, gzipped, behind the session
 * check): bundled symbols need no download, any other NSE equity or index needs one a day,
 * shared by concurrent callers, and a dead session or unknown symbol says so.
 */
import { KiteConnect } from 'kiteconnect'
import { afterEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../market/time.ts'
import { kiteListRenewal, kiteNseInstruments, resolveKiteInstrument } from './instrument-list.ts'
import { type KiteRestTestServer, startKiteRestTestServer } from './rest-test-server.ts'
import { KITE_TEST_INSTRUMENTS, nseEquity } from './test-instruments.ts'

const IST = (s: string) => Date.parse(`${s}+05:30`)

const servers: KiteRestTestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const local = async (o: Partial<Parameters<typeof startKiteRestTestServer>[0]> = {}) => {
  const server = await startKiteRestTestServer({ candles: {}, ...o })
  servers.push(server)
  return server
}
const client = (server: KiteRestTestServer, accessToken = 'test_access_token') =>
  new KiteConnect({ api_key: server.apiKey, access_token: accessToken, root: server.url })

// The list cache is process-wide and kept per API host. Each test's clock starts a week after
// the previous one's, so a list an earlier test left under a port reused since is stale.
let week = IST('2025-11-17T00:00:00')
function clock(time = '09:00') {
  week += 7 * DAY_MS
  const base = week
  const at = (day: number, hhmm: string) =>
    base + day * DAY_MS + Date.parse(`1970-01-01T${hhmm}:00Z`)
  let now = at(0, time)
  return {
    now: () => now,
    set: (day: number, hhmm: string) => {
      now = at(day, hhmm)
    },
  }
}

describe('resolveKiteInstrument', () => {
  it('resolves NSE equities and indices from Kite’s list, bundled ones without it', async () => {
    const server = await local()
    const kite = client(server)
    const o = { root: server.url, now: clock().now }
    expect(await resolveKiteInstrument(kite, 'NIFTY50', o)).toBe(256265)
    expect(await resolveKiteInstrument(kite, 'RELIANCE', o)).toBe(738561)
    expect(server.dumps).toEqual([])
    expect(await resolveKiteInstrument(kite, 'ITC', o)).toBe(424961)
    expect(await resolveKiteInstrument(kite, 'M&M', o)).toBe(519937)
    // Indices as Kite spells them, or without their spaces as the catalog does.
    expect(await resolveKiteInstrument(kite, 'NIFTYIT', o)).toBe(259849)
    expect(await resolveKiteInstrument(kite, 'NIFTY IT', o)).toBe(259849)
    expect(await resolveKiteInstrument(kite, 'INDIAVIX', o)).toBe(264969)
    expect(server.dumps).toEqual(['NSE'])
  })

  it('refuses a symbol that is no NSE equity or index, suggesting close ones', async () => {
    const server = await local()
    const o = { root: server.url, now: clock().now }
    await expect(resolveKiteInstrument(client(server), 'RELIANC', o)).rejects.toMatchObject({
      code: 'unknown_symbol',
      message: expect.stringMatching(
        /^"RELIANC" is not an NSE equity or index on Kite \(did you mean RELIANCE\?\): give its NSE trading symbol/,
      ),
    })
    // A company's name finds its symbol.
    await expect(resolveKiteInstrument(client(server), 'INFOSYS', o)).rejects.toMatchObject({
      message: expect.stringContaining('did you mean INFY?'),
    })
    // An NFO future is not in the NSE list.
    await expect(resolveKiteInstrument(client(server), 'NIFTY24JANFUT', o)).rejects.toMatchObject({
      code: 'unknown_symbol',
    })
    await expect(resolveKiteInstrument(client(server), 'NOTASTOCK', o)).rejects.toMatchObject({
      message:
        '"NOTASTOCK" is not an NSE equity or index on Kite: give its NSE trading symbol, such as RELIANCE or M&M, or an index as NIFTY50, BANKNIFTY or NIFTYIT',
    })
    expect(server.dumps).toEqual(['NSE'])
  })

  it('says the session has expired when Kite refuses it for the list, as for history', async () => {
    const server = await local()
    await expect(
      resolveKiteInstrument(client(server, 'stale'), 'ITC', { root: server.url, now: clock().now }),
    ).rejects.toMatchObject({
      code: 'session_expired',
      message: 'your Kite session has expired; log in again',
    })
  })
})

describe('kiteNseInstruments', () => {
  it('downloads once a Kite day: again only after 08:30 IST', async () => {
    const server = await local()
    const time = clock('07:00')
    const o = { root: server.url, now: time.now }
    const first = await kiteNseInstruments(client(server), o)
    expect(first.token('TATAMOTORS')).toBe(884737)
    time.set(0, '08:29')
    expect(await kiteNseInstruments(client(server), o)).toBe(first)
    expect(server.dumps).toEqual(['NSE'])
    // Kite's new dump of the day: fetched once, then kept until 08:30 the next morning.
    time.set(0, '08:30')
    const second = await kiteNseInstruments(client(server), o)
    expect(second).not.toBe(first)
    time.set(1, '08:29')
    expect(await kiteNseInstruments(client(server), o)).toBe(second)
    expect(server.dumps).toEqual(['NSE', 'NSE'])
  })

  it('shares one download among concurrent first requests', async () => {
    const server = await local()
    const o = { root: server.url, now: clock().now }
    const tokens = await Promise.all(
      ['ITC', 'M&M', 'BHARTIARTL', 'TATAMOTORS'].map((s) =>
        resolveKiteInstrument(client(server), s, o),
      ),
    )
    expect(tokens).toEqual([424961, 519937, 2714625, 884737])
    expect(server.dumps).toEqual(['NSE'])
  })

  it('does not hand one caller’s dead session to another who joined its download', async () => {
    const server = await local()
    const o = { root: server.url, now: clock().now }
    const [dead, live] = await Promise.allSettled([
      resolveKiteInstrument(client(server, 'stale'), 'ITC', o),
      resolveKiteInstrument(client(server), 'ITC', o),
    ])
    expect(dead).toMatchObject({ status: 'rejected', reason: { code: 'session_expired' } })
    expect(live).toEqual({ status: 'fulfilled', value: 424961 })
  })

  it('refuses an empty list and does not keep it', async () => {
    const server = await local({ instruments: [] })
    const o = { root: server.url, now: clock().now }
    for (let i = 0; i < 2; i++) {
      await expect(resolveKiteInstrument(client(server), 'ITC', o)).rejects.toMatchObject({
        code: 'kite_error',
      })
    }
    expect(server.dumps).toEqual(['NSE', 'NSE'])
  })

  it('reads the list the test passes the server, and keeps lists per API host', async () => {
    const a = await local()
    const b = await local({ instruments: [nseEquity(1234561, 'NEWLISTING', 'NEW LISTING')] })
    const now = clock().now
    expect((await kiteNseInstruments(client(b), { root: b.url, now })).token('NEWLISTING')).toBe(
      1234561,
    )
    await expect(
      resolveKiteInstrument(client(a), 'NEWLISTING', { root: a.url, now }),
    ).rejects.toMatchObject({ code: 'unknown_symbol' })
  })
})

describe('the local server’s instrument dump', () => {
  it('is Kite’s CSV: text/csv, gzipped, the NSE rows for /instruments/NSE, all for /instruments', async () => {
    const server = await local()
    const headers = {
      'x-kite-version': '3',
      authorization: `token ${server.apiKey}:test_access_token`,
    }
    const nse = await fetch(`${server.url}/instruments/NSE`, { headers })
    expect(nse.status).toBe(200)
    expect(nse.headers.get('content-type')).toBe('text/csv')
    expect(nse.headers.get('content-encoding')).toBe('gzip')
    const lines = (await nse.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange',
    )
    expect(lines).toContain('256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE')
    expect(lines).toContain('408065,1594,INFY,INFOSYS,0,,0,0.05,1,EQ,NSE,NSE')
    expect(lines.length - 1).toBe(KITE_TEST_INSTRUMENTS.filter((r) => r.exchange === 'NSE').length)
    // kiteconnect's CSV parser (papaparse) makes an empty row of the closing newline.
    const all = (await client(server).getInstruments()).filter((r) => r.tradingsymbol)
    expect(all).toHaveLength(KITE_TEST_INSTRUMENTS.length)
    expect(all.find((r) => r.tradingsymbol === 'NIFTY24JANFUT')).toMatchObject({
      segment: 'NFO-FUT',
      exchange: 'NFO',
      lot_size: 50,
      tick_size: 0.05,
    })
    const bare = await fetch(`${server.url}/instruments/NSE`, {
      headers: { 'x-kite-version': '3' },
    })
    expect(bare.status).toBe(403)
    expect(await bare.json()).toMatchObject({ error_type: 'TokenException' })
  })
})

describe('kiteListRenewal', () => {
  it('is the next 08:30 IST after the download', () => {
    expect(kiteListRenewal(IST('2025-11-17T07:00:00'))).toBe(IST('2025-11-17T08:30:00'))
    expect(kiteListRenewal(IST('2025-11-17T08:30:00'))).toBe(IST('2025-11-18T08:30:00'))
    expect(kiteListRenewal(IST('2025-11-17T23:59:59'))).toBe(IST('2025-11-18T08:30:00'))
  })
})
