import { describe, expect, it } from 'vitest'
import { systemClock } from './clock.ts'

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now()
    expect(systemClock.now()).toBeGreaterThanOrEqual(before)
  })

  it('runs zero-delay work before a 1 ms timeout, and after the current task', async () => {
    const order: string[] = []
    const done = new Promise<void>((resolve) => {
      systemClock.setTimer(() => {
        order.push('timeout')
        resolve()
      }, 5)
    })
    systemClock.setTimer(() => order.push('zero'), 0)
    order.push('sync')
    await done
    expect(order).toEqual(['sync', 'zero', 'timeout'])
  })

  it('cancels both kinds of timer', async () => {
    let fired = 0
    systemClock.setTimer(() => fired++, 0)()
    systemClock.setTimer(() => fired++, 1)()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fired).toBe(0)
  })
})
