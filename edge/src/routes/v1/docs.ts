import { Hono } from 'hono'
import type { Env } from '../../services.ts'

type Schema = {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
}
type Operation = {
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  parameters?: { name: string; in: string; required?: boolean; description?: string }[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { description?: string }>
}
type Document = {
  info: { title: string; version: string; description?: string }
  paths?: Record<string, Record<string, Operation>>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

/**
 * GET /api/v1/docs — the API reference, rendered on the server from the same OpenAPI document
 * as /api/v1/openapi.json. Plain HTML with no scripts and nothing loaded from a CDN, so it works
 * offline and under the API's strict CSP (styles carry the per-response nonce).
 */
export function apiReference(document: () => object) {
  return new Hono<Env>().get('/', (c) => {
    const nonce = c.get('secureHeadersNonce') ?? ''
    c.header('cache-control', 'public, max-age=300')
    // Read loosely: the generator's types have no index signatures for paths.
    return c.html(render(document() as Document, nonce))
  })
}

function render(doc: Document, nonce: string): string {
  const byTag = new Map<string, string[]>()
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const tag = op.tags?.[0] ?? 'Other'
      const list = byTag.get(tag) ?? []
      list.push(operation(method, path, op))
      byTag.set(tag, list)
    }
  }
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([tag, ops]) =>
        `<section><h2 id="${esc(slug(tag))}">${esc(tag)}</h2>${ops.join('')}</section>`,
    )
  const toc = [...byTag.keys()]
    .sort()
    .map((tag) => `<a href="#${esc(slug(tag))}">${esc(tag)}</a>`)
    .join(' · ')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)} — reference</title><style nonce="${esc(nonce)}">${CSS}</style></head>
<body><header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;access token&gt;</code> or the session cookies.</p>
<nav>${toc}</nav></header><main>${sections.join('')}</main></body></html>`
}

function operation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${esc(p.name)}</code> <em>${esc(p.in)}${p.required ? ', required' : ''}</em> ${esc(p.description ?? '')}</li>`,
    )
    .join('')
  const body = op.requestBody?.content?.['application/json']?.schema
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><code>${esc(status)}</code> ${esc(r.description ?? '')}</li>`)
    .join('')
  return `<article><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code>${op.security?.length ? ' <span class="lock" title="needs authentication">auth</span>' : ''}</h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${body ? `<h4>JSON body</h4>${schema(body)}` : ''}
<h4>Responses</h4><ul>${responses}</ul></article>`
}

function schema(s: Schema): string {
  if (s.$ref) return `<code>${esc(s.$ref.split('/').pop() ?? '')}</code>`
  if (!s.properties) return `<code>${esc(String(s.type ?? 'object'))}</code>`
  const rows = Object.entries(s.properties).map(([name, p]) => {
    const type = p.$ref
      ? p.$ref.split('/').pop()
      : p.enum
        ? p.enum.map(String).join(' | ')
        : p.type === 'array'
          ? `${p.items?.type ?? 'object'}[]`
          : p.type
    return `<li><code>${esc(name)}</code> <em>${esc(String(type ?? 'object'))}${s.required?.includes(name) ? ', required' : ''}</em></li>`
  })
  return `<ul>${rows.join('')}</ul>`
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-')
const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}header,main{max-width:960px;margin:0 auto;padding:16px 24px}
h1 small{color:#667;font-weight:400}nav a{margin-right:4px}article{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 16px;margin:12px 0}
h3{margin:0 0 4px;font-size:16px}h4{margin:8px 0 2px;font-size:13px;color:#445}.m{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px}
.get{background:#1f6feb}.post{background:#1a7f37}.patch,.put{background:#9a6700}.delete{background:#cf222e}.lock{font-size:11px;border:1px solid #889;border-radius:4px;padding:0 4px;color:#556}
.d{color:#445}ul{margin:2px 0;padding-left:20px}code{font-size:13px}`
