import { describe, expect, it } from 'vitest'
import { throttledProgress } from './progress.ts'

describe('throttledProgress', () => {
  const recorder = () => {
    const writes: number[] = []
    let release = () => {}
    const write = (fraction: number) =>
      new Promise<void>((resolve) => {
        writes.push(fraction)
        release = resolve
      })
    return { writes, write, release: () => release() }
  }

  it('writes the first value at once and coalesces a burst into its latest value', async () => {
    const r = recorder()
    const p = throttledProgress(r.write, 1)
    for (let i = 1; i <= 1000; i++) p.report(i / 1000)
    expect(r.writes).toEqual([0.001]) // one write in flight; the rest wait for it
    r.release()
    await waitUntil(() => r.writes.length === 2)
    expect(r.writes).toEqual([0.001, 1])
    r.release()
    await p.close()
  })

  it('clamps to 0..1, ignores non-numbers and does not repeat a written value', async () => {
    const r = recorder()
    const p = throttledProgress(r.write, 1)
    p.report(Number.NaN)
    p.report('half' as unknown as number)
    expect(r.writes).toEqual([])
    p.report(7)
    expect(r.writes).toEqual([1])
    r.release()
    await new Promise((resolve) => setTimeout(resolve, 10))
    p.report(1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    await p.close()
    expect(r.writes).toEqual([1])
  })

  it('writes a message with its fraction, and keeps it when a call brings none', async () => {
    const writes: [number, string | undefined][] = []
    const p = throttledProgress(async (fraction, message) => {
      writes.push([fraction, message])
    }, 1)
    p.report(0.1, 'run 1 of 10')
    await waitUntil(() => writes.length === 1)
    p.report(0.1, 'run 2 of 10')
    await waitUntil(() => writes.length === 2)
    p.report(0.5)
    await waitUntil(() => writes.length === 3)
    await p.close()
    expect(writes).toEqual([
      [0.1, 'run 1 of 10'],
      [0.1, 'run 2 of 10'],
      [0.5, 'run 2 of 10'],
    ])
  })

  it('writes nothing after close', async () => {
    const r = recorder()
    const p = throttledProgress(r.write, 1)
    p.report(0.2)
    p.report(0.3)
    const closing = p.close()
    r.release()
    await closing
    p.report(0.9)
    expect(r.writes).toEqual([0.2])
  })
})

async function waitUntil(condition: () => boolean): Promise<void> {
  const until = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition never held')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
