import { closestName } from '@vm-algo/plugins'
import type { Context } from 'hono'
import { ApiError } from '../../../errors.ts'
import { CoreUnavailableError } from '../../../lib/core-client.ts'
import { z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'

/** A list of NSE symbols in a request: 1–1000 of them, e.g. `RELIANCE`, `M&M`, `NIFTY50`. */
export const SymbolsSchema = z
  .array(
    z.string().regex(/^[A-Za-z0-9&_.:-]{1,40}$/, 'must be an NSE symbol such as RELIANCE or M&M'),
  )
  .min(1, 'needs at least one symbol')
  .max(1_000, 'at most 1000 symbols')

/**
 * `symbols` without repeats, each one the platform has market data for (the core's catalog,
 * in its spelling: any case is accepted) and, with `universe`, one a plugin's manifest lists
 * (a plugin receives data for those only). Others are a 400 naming each, with a guess.
 */
export async function knownSymbols(
  c: Context<Env>,
  symbols: readonly string[],
  path: string,
  universe?: readonly string[],
): Promise<string[]> {
  const { core, logError } = c.get('services')
  let catalog: string[]
  try {
    catalog = (await core.instruments()).map((i) => i.symbol)
  } catch (error) {
    if (!(error instanceof CoreUnavailableError)) throw error
    logError(error, c.get('requestId'))
    throw new ApiError(
      'service_unavailable',
      'The instrument list comes from the core engine, which is not reachable right now; try again shortly.',
    )
  }
  const byUpper = new Map(catalog.map((s) => [s.toUpperCase(), s]))
  const out: string[] = []
  const issues: { path: string; message: string }[] = []
  symbols.forEach((symbol, i) => {
    const known = byUpper.get(symbol.toUpperCase())
    if (known && universe && !universe.includes(known)) {
      issues.push({
        path: `${path}.${i}`,
        message: `"${known}" is not in the plugin's universe (${universe.join(', ')})`,
      })
      return
    }
    if (known) {
      if (!out.includes(known)) out.push(known)
      return
    }
    const guess = closestName(symbol, catalog)
    issues.push({
      path: `${path}.${i}`,
      message: `unknown instrument "${symbol}"${guess ? `; did you mean ${guess}?` : ''}`,
    })
  })
  if (issues.length > 0) {
    throw new ApiError(
      'validation_failed',
      'Some symbols are not instruments the platform knows.',
      {
        issues,
      },
    )
  }
  return out
}
