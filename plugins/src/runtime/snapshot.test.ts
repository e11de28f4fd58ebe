import { describe, expect, it } from 'vitest'
import type { StrategyContext } from '../context.ts'
import { PROTOCOL_LIMITS } from '../protocol.ts'
import { bar, batch, init, load, manifest } from './test-harness.ts'

type Ctx = StrategyContext

describe('dispatch: state', () => {
  it('saves state on request and at stop, and a new run resumes from it', () => {
    const def = {
      manifest,
      initialState: () => ({ bars: 0, draws: [] as number[] }),
      onBar(ctx: StrategyContext<object, { bars: number; draws: number[] }>) {
        ctx.state.bars++
        ctx.state.draws.push(ctx.random())
        ctx.buy('TCS', 1)
      },
    }
    // One run over four bars…
    const whole = load('strategy', def)
    whole.send(init({ seed: 99 }))
    const all = [0, 1, 2, 3].map((i) => whole.send(batch([bar(i)])))
    // …equals two runs of two bars, the second resumed from the first's state.
    const first = load('strategy', def)
    first.send(init({ seed: 99 }))
    first.send(batch([bar(0)]))
    const mid = first.send(batch([bar(1)], { wantState: true }))
    expect(mid.state).toMatchObject({ v: 1, user: { bars: 2 } })
    const stopped = first.send({ kind: 'stop' })
    expect(stopped.state).toEqual(mid.state)
    const second = load('strategy', def)
    expect(second.send(init({ seed: 99, state: stopped.state })).error).toBeUndefined()
    const rest = [2, 3].map((i) => second.send(batch([bar(i)])))
    expect(rest.map((o) => o.intents)).toEqual(all.slice(2).map((o) => o.intents))
    expect(second.send({ kind: 'stop' }).state).toEqual(whole.send({ kind: 'stop' }).state)
  })

  it('reports state that cannot be saved instead of losing it silently', () => {
    const big = load('strategy', {
      manifest,
      onStart: (ctx: Ctx) => (ctx.state.blob = 'x'.repeat(PROTOCOL_LIMITS.maxStateChars)),
    })
    big.send(init())
    expect(big.send({ kind: 'stop' }).error?.message).toMatch(/^ctx.state is too large to save/)
    const cyclic = load('strategy', {
      manifest,
      onStart: (ctx: Ctx) => (ctx.state.self = ctx.state),
    })
    cyclic.send(init())
    expect(cyclic.send({ kind: 'stop' }).error?.message).toMatch(
      /^ctx.state cannot be saved as JSON/,
    )
    expect(load('strategy', { manifest }).send(init({ state: { v: 2 } })).error).toEqual({
      name: 'StateError',
      message: 'the saved state is not a snapshot made by this SDK',
    })
  })
})
