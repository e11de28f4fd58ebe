import { describe, expect, it } from 'vitest'
import type { ScannerContext } from '../context.ts'
import type { BarEvent } from '../types.ts'
import { loadPlugin } from './engine.ts'
import { bar, batch, init, load, manifest, T0 } from './test-harness.ts'

describe('dispatch: scanners', () => {
  it('reports matches at the bar time with checked data', () => {
    const { send } = load('scanner', {
      manifest,
      onBar: (ctx: ScannerContext, e: BarEvent) =>
        ctx.match(e.symbol, { close: e.bar.close, up: true, note: 'x' }, 2),
    })
    send(init())
    expect(send(batch([bar(3)])).matches).toEqual([
      { symbol: 'TCS', ts: T0 + 3 * 60_000, score: 2, data: { close: 103, up: true, note: 'x' } },
    ])
  })

  it('refuses matches outside the universe and data that is not a flat row', () => {
    const attempt = (match: (ctx: ScannerContext) => void) => {
      const { send } = load('scanner', { manifest, onBar: match })
      send(init())
      return send(batch([bar(0)])).error?.message
    }
    expect(attempt((c) => c.match('WIPRO'))).toMatch(
      /match: "WIPRO" is not in the manifest's universe/,
    )
    expect(attempt((c) => c.match('TCS', { x: Number.POSITIVE_INFINITY }))).toMatch(
      /data.x must be a finite number/,
    )
    expect(attempt((c) => c.match('TCS', { x: { y: 1 } } as never))).toMatch(
      /data.x must be a number, text/,
    )
    expect(attempt((c) => c.match('TCS', {}, Number.NaN))).toMatch(/score must be a finite number/)
  })

  it('refuses a scanner definition that trades or lacks onBar', () => {
    expect(() => loadPlugin('scanner', { manifest, onTick() {} })).toThrow(/unknown field onTick/)
    expect(() => loadPlugin('scanner', { manifest })).toThrow(/a scanner needs onBar/)
    expect(() =>
      loadPlugin('strategy', {
        manifest: { ...manifest, timeframes: ['1m'] },
        onBar: { '1d': () => {} },
      }),
    ).toThrow(/onBar\['1d'\] is not among manifest.timeframes \(1m\)/)
  })
})
