import { query } from '@solidjs/router'
import { probeEdgeHealth } from '../server/health-probe.ts'
import type { HealthProbe } from './health.ts'

// Runs on the app server, so the browser only ever talks to the app's own origin
// and EDGE_URL stays a server-side setting.
async function probeFromAppServer(): Promise<HealthProbe> {
  'use server'
  return probeEdgeHealth()
}

/** The edge's health as the status page shows it; resolves (never rejects) even when offline. */
export const getEdgeHealth = query(async (): Promise<HealthProbe> => {
  try {
    return await probeFromAppServer()
  } catch (error) {
    // Only the browser gets here: a refresh whose request to the app server failed.
    const reason = error instanceof Error ? error.message : String(error)
    return { kind: 'offline', reason, checkedAt: Date.now() }
  }
}, 'edge-health')
