import { describe, expect, it } from 'vitest'
import type { StrategyContext } from '../context.ts'
import { param } from '../params.ts'
import { PROTOCOL_LIMITS } from '../protocol.ts'
import type { BarEvent } from '../types.ts'
import { loadPlugin } from './engine.ts'
import { bar, batch, DAY, init, load, manifest, T0 } from './test-harness.ts'

type Ctx = StrategyContext

describe('dispatch: lifecycle and protocol', () => {
  it('answers describe with the manifest, and refuses input out of order', () => {
    const { send } = load('strategy', { manifest, onBar() {} })
    const described = JSON.parse(
      loadPlugin('strategy', { manifest, onBar() {} }).dispatch('{"kind":"describe"}'),
    )
    expect(described.manifest).toMatchObject({
      name: 'T',
      kind: 'strategy',
      ticks: false,
      history: 500,
      params: {},
    })
    expect(send(batch([])).error).toEqual({ name: 'ProtocolError', message: 'send init first' })
    expect(send(init()).error).toBeUndefined()
    expect(send(init()).error?.message).toBe('init was already sent')
    expect(send('not json').error?.name).toBe('ProtocolError')
    expect(send({ kind: 'launch' } as never).error?.message).toMatch(/unknown input kind "launch"/)
    expect(send({ kind: 'stop' }).error).toBeUndefined()
    expect(send(batch([])).error?.message).toBe('the plugin was stopped')
  })

  it('validates parameters at init and hands hooks the values with defaults', () => {
    const seen: unknown[] = []
    const def = {
      manifest,
      params: {
        fast: param.int({ default: 10, min: 2 }),
        kind: param.enum({ values: ['a', 'b'], default: 'a' }),
      },
      onStart: (ctx: Ctx) => seen.push({ ...ctx.params }),
    }
    expect(load('strategy', def).send(init({ params: { fast: 1, slow: 2 } })).error).toEqual({
      name: 'ParamError',
      message: "unknown parameter 'slow' (known: fast, kind); fast must be at least 2, got 1",
    })
    expect(load('strategy', def).send(init({ params: { kind: 'b' } })).error).toBeUndefined()
    expect(seen).toEqual([{ fast: 10, kind: 'b' }])
  })

  it('calls bar hooks only for the universe and the manifest timeframes, per timeframe when asked', () => {
    const calls: string[] = []
    const { send } = load('strategy', {
      manifest,
      onBar: { '1d': (_: Ctx, e: BarEvent) => calls.push(`1d ${e.symbol}`) },
    })
    send(init())
    send(batch([bar(0), bar(0, 5, 'TCS', '1d'), bar(0, 5, 'WIPRO', '1d'), bar(0, 5, 'TCS', '5m')]))
    expect(calls).toEqual(['1d TCS'])
  })

  it('fills history and indicators without calling hooks during warm-up', () => {
    const seen: (number | undefined)[] = []
    const { send } = load('strategy', {
      manifest,
      onBar: (ctx: Ctx, e: BarEvent) => seen.push(ctx.indicators.sma(e.symbol, '1m', 3)),
    })
    send(init())
    send(batch([bar(0), bar(1), bar(2)], { warmup: true }))
    expect(seen).toEqual([])
    send(batch([bar(3)]))
    expect(seen).toEqual([102])
  })

  it('gives ctx.ltp no price for a symbol before its first bar, then its last close', () => {
    const seen: unknown[] = []
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx) {
        // Asking for an indicator of INFY sets up its series (and price) before any INFY bar.
        ctx.indicators.sma('INFY', '1m', 2)
        seen.push([ctx.ltp('TCS'), ctx.ltp('INFY'), ctx.ltp('WIPRO')])
      },
    })
    send(init())
    send(batch([bar(0, 100)]))
    send(batch([bar(1, 250.5, 'INFY'), bar(2, 101)]))
    expect(seen).toEqual([
      [100, undefined, undefined],
      [100, 250.5, undefined],
      [101, 250.5, undefined],
    ])
  })

  it('hands bar hooks and ctx.bars bars the plugin cannot change, the same bar in both', () => {
    const seen: { frozen: boolean; same: boolean; close: number }[] = []
    const { send } = load('strategy', {
      manifest,
      onBar(ctx: Ctx, e: BarEvent) {
        const held = ctx.bars(e.symbol, '1m')
        try {
          ;(e.bar as { close: number }).close = -1
        } catch {}
        seen.push({
          frozen: Object.isFrozen(e.bar),
          same: held.at(-1) === e.bar,
          close: e.bar.close,
        })
      },
    })
    send(init())
    send(batch([bar(0), bar(1)]))
    expect(seen).toEqual([
      { frozen: true, same: true, close: 100 },
      { frozen: true, same: true, close: 101 },
    ])
  })
})

describe('dispatch: errors and logs', () => {
  it('describes thrown non-errors, and values whose reading throws', () => {
    const thrower = (value: () => unknown) => {
      const { send } = load('strategy', {
        manifest,
        onStart: () => {
          throw value()
        },
      })
      return send(init()).error
    }
    expect(thrower(() => 'plain string')).toEqual({
      name: 'NonErrorThrown',
      message: 'onStart: a non-Error value was thrown: plain string',
    })
    const hostile = () =>
      Object.defineProperty({}, 'toJSON', {
        get() {
          throw new Error('no')
        },
      })
    expect(thrower(hostile)).toEqual({
      name: 'NonErrorThrown',
      message: 'onStart: a non-Error value was thrown: [unprintable value]',
    })
  })

  it('refuses async hooks for good: their continuation could act at any time', () => {
    const { send } = load('strategy', { manifest, onBar: async () => {} })
    send(init())
    const error = {
      name: 'AsyncHookError',
      message:
        'onBar(TCS 1m 2024-01-01 09:15 IST) returned a promise: hooks must be synchronous (no async/await)',
    }
    expect(send(batch([bar(0)])).error).toEqual(error)
    expect(send(batch([bar(1)])).error).toEqual(error)
  })

  it('clips long log lines, keeps at most the limit per batch and says how many it dropped', () => {
    const { send } = load('strategy', {
      manifest,
      onBar: (ctx: Ctx) => {
        ctx.log.warn('x'.repeat(5000))
        for (let i = 0; i < 600; i++) ctx.log.debug(i, { i }, [i])
      },
    })
    send(init())
    const { logs } = send(batch([bar(0)]))
    expect(logs).toHaveLength(PROTOCOL_LIMITS.maxLogs)
    expect(logs[0]!.message).toHaveLength(PROTOCOL_LIMITS.maxLogChars)
    expect(logs[1]).toEqual({ level: 'debug', message: '0 {"i":0} [0]', ts: T0 + DAY })
    expect(logs.at(-1)).toEqual({
      level: 'warn',
      message: '102 more log lines in this batch were dropped (limit 500)',
      ts: T0 + DAY,
    })
  })

  it('gives the same outputs for the same seed and inputs, including Math.random', () => {
    const run = (seed: number) => {
      const { send } = load('strategy', {
        manifest,
        onBar: (ctx: Ctx) => ctx.log.info(ctx.random(), Math.random()),
      })
      send(init({ seed }))
      return [0, 1, 2].map((i) => send(batch([bar(i)])).logs[0]!.message)
    }
    expect(run(5)).toEqual(run(5))
    expect(run(5)).not.toEqual(run(6))
  })
})
