/** What the core engine reports about itself and its market-data feed. */
export interface CoreHealth {
  status: 'ok' | 'degraded'
  service: 'core'
  version: string
  uptimeS: number
  feed: {
    kind: string
    state: 'running' | 'paused' | 'stopped'
    /** Market time per wall time; 'max' replays as fast as possible. */
    speed: number | 'max'
    symbols: string[]
    events: number
    lastEventAt: number | null
    marketTime: number | null
    stale: boolean
  }
}

export interface CoreClient {
  health(): Promise<CoreHealth>
}

/** Talks to the core over HTTP with a deadline, so a hung core cannot hang the edge. */
export function httpCoreClient(baseUrl: string, timeoutMs = 2000): CoreClient {
  return {
    async health() {
      const res = await fetch(new URL('/health', baseUrl), {
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok && res.status !== 503) throw new Error(`core answered ${res.status}`)
      return (await res.json()) as CoreHealth
    },
  }
}
