import type { APIEvent } from '@solidjs/start/server'
import { forwardToEdge } from '../../server/edge-proxy.ts'

// The browser only talks to the app's origin; every /api/* call is relayed to the edge.
const proxy = (event: APIEvent) => forwardToEdge(event.request, event.clientAddress)

// SolidStart picks route handlers by their exported names, one export per method.
export const GET = proxy
export const HEAD = proxy
export const POST = proxy
export const PUT = proxy
export const PATCH = proxy
export const DELETE = proxy
export const OPTIONS = proxy
