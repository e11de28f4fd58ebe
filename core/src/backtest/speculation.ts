import { formatIst } from '../market/time.ts'
import { StrategyContractError } from './errors.ts'
import type { BacktestRun } from './run.ts'
import type { Fill, SpeculatedFill, TimedIntent } from './types.ts'

/**
 * Checks the fills a strategy told its plugin of ahead of the host (`BlockOutput.speculated`)
 * against the fills the engine booked for the same block, and drops their updates from the
 * next block's (the plugin has had them). The engine stays authoritative: a fill that differs
 * in order, bar, quantity or price, a fill or rejection the strategy did not foresee (or a
 * refusal it foresaw that did not happen), fails the
 * run with a StrategyContractError instead of reporting results the plugin did not trade on.
 * Updates about intents of the block's last event are the host's to report (the plugin stopped
 * there and left them to it).
 */
export function checkSpeculated(
  run: BacktestRun,
  fillMark: number,
  speculated: unknown,
  refused: unknown,
  intents: readonly TimedIntent[],
  end: number,
): void {
  if (!Array.isArray(speculated)) throw diverged(run, end - 1, 'its fills are not a list')
  const claims = speculated as SpeculatedFill[]
  const fills = run.ledger.fills
  const booked = fills.length - fillMark
  for (let i = 0; i < Math.max(booked, claims.length); i++) {
    const fill = fills[fillMark + i]
    const claim = claims[i]
    if (!fill) throw diverged(run, claim!.at, `it filled ${describe(claim!)}, the host did not`)
    if (!claim || !same(fill, claim)) {
      const told = claim ? `it was told ${describe(claim)}` : 'it was told of no fill'
      throw diverged(run, fill.at, `the host filled ${describe(fill)}; ${told}`)
    }
  }
  const claimed = new Set(claims.flatMap((c) => (c.clientOrderId ? [c.clientOrderId] : [])))
  if (!Array.isArray(refused)) throw diverged(run, end - 1, 'its refusals are not a list')
  const told = new Set(refused as string[])
  const refusals = new Set(told)
  const lastEvent = new Set<string>()
  for (const t of intents) if (t.at === end - 1) lastEvent.add(t.intent.clientOrderId)
  for (const u of run.desk.recorded) {
    if (u.status === 'complete' && claimed.has(u.clientOrderId)) continue
    if (u.status === 'rejected' && refusals.delete(u.clientOrderId)) continue
    if (lastEvent.has(u.clientOrderId)) continue
    throw diverged(
      run,
      end - 1,
      `order ${u.clientOrderId} is ${u.status} at the host (${u.reason ?? 'no reason'})`,
    )
  }
  for (const id of refusals)
    throw diverged(run, end - 1, `it was told order ${id} was refused; the host did not refuse it`)
  run.desk.forget(claimed, 'complete')
  run.desk.forget(told, 'rejected')
}

function same(fill: Fill, claim: SpeculatedFill): boolean {
  return (
    (claim.squareOff === true
      ? fill.reason === 'square_off'
      : fill.reason === 'order' && fill.clientOrderId === claim.clientOrderId) &&
    fill.at === claim.at &&
    fill.qty === claim.qty &&
    fill.price === claim.price
  )
}

function describe(f: { clientOrderId?: string; qty: number; price: number; at: number }): string {
  return `${f.clientOrderId || 'the square-off'} (${f.qty} at ₹${f.price}, event ${f.at})`
}

function diverged(run: BacktestRun, at: number, detail: string): StrategyContractError {
  const k = Math.max(0, Math.min(at, run.timeline.length - 1))
  const when = run.timeline.length > 0 ? formatIst(run.timeline.time[k]!) : 'the start'
  return new StrategyContractError(
    `the plugin's fills diverged from the host's at ${when}: ${detail}. The SDK fills market orders by the host's rules; a plugin that changes them cannot be backtested.`,
  )
}
