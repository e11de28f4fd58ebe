import 'server-only'
import { describeFetchError, edgeUrl } from './edge.ts'

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. `host` is left for
// fetch to set from the edge's URL. `expect: 100-continue` was already answered by the app's own
// server, and undici's fetch refuses it ("expect header not supported"); curl sends it for big bodies.
const HOP_BY_HOP = [
  'expect',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]

/** Forwards a request for `/api/*` to the same path and query on the edge, and its answer back. */
export async function forwardToEdge(request: Request, clientAddress?: string): Promise<Response> {
  const incoming = new URL(request.url)
  const base = edgeUrl()
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  let upstream: Response
  try {
    upstream = await fetch(`${base}${incoming.pathname}${incoming.search}`, {
      method: request.method,
      headers: forwardedHeaders(request.headers, incoming, clientAddress),
      // Buffered: API bodies are small, and a buffered body needs no `duplex: 'half'` streaming.
      body: hasBody ? await request.arrayBuffer() : null,
      redirect: 'manual',
    })
  } catch (error) {
    return edgeUnreachable(base, error)
  }
  const headers = withoutHopByHop(upstream.headers)
  // fetch has already decompressed the body, so the edge's encoding and length no longer apply.
  headers.delete('content-encoding')
  headers.delete('content-length')
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers,
  })
}

function forwardedHeaders(source: Headers, incoming: URL, clientAddress?: string): Headers {
  const headers = withoutHopByHop(source)
  // The body is re-sent buffered; fetch computes its length again.
  headers.delete('content-length')
  headers.set('x-forwarded-host', incoming.host)
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''))
  if (clientAddress) {
    const prior = source.get('x-forwarded-for')
    headers.set('x-forwarded-for', prior ? `${prior}, ${clientAddress}` : clientAddress)
  }
  return headers
}

function withoutHopByHop(source: Headers): Headers {
  const headers = new Headers(source)
  const listed = (source.get('connection') ?? '').split(',').map((name) => name.trim())
  for (const name of [...HOP_BY_HOP, ...listed]) if (name) headers.delete(name)
  return headers
}

function edgeUnreachable(base: string, error: unknown): Response {
  const problem = {
    type: 'about:blank',
    title: 'Edge API unreachable',
    status: 502,
    code: 'edge_unreachable',
    detail: `The edge API at ${base} did not answer: ${describeFetchError(error)}`,
  }
  return new Response(JSON.stringify(problem), {
    status: 502,
    headers: { 'content-type': 'application/problem+json' },
  })
}
