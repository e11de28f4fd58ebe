import { expect, test } from 'vitest'
import { describeExample, EXAMPLES, findExample } from './examples.ts'

test('every example of the SDK is offered, named and described from its own source', () => {
  expect(EXAMPLES.map((e) => [e.id, e.kind, e.name])).toEqual([
    ['sma-crossover', 'strategy', 'Moving-average crossover'],
    ['rsi-mean-reversion', 'strategy', 'RSI mean reversion'],
    ['opening-range-breakout', 'strategy', 'Opening-range breakout'],
    ['rsi-oversold-scanner', 'scanner', 'RSI oversold'],
    ['high-52-week-scanner', 'scanner', '52-week high'],
  ])
  expect(findExample('sma-crossover')?.summary).toBe(
    'Moving-average crossover: go long when the fast average crosses above the slow one, and exit when it crosses back below.',
  )
  expect(findExample('sma-crossover')?.source).toContain("from '@vm-algo/sdk'")
  expect(findExample('nope')).toBeUndefined()
})

test('a source without an opening comment or a name still describes itself', () => {
  expect(
    describeExample('mine', "defineScanner({ manifest: { version: '1.0.0' } })"),
  ).toMatchObject({ name: 'mine', kind: 'scanner', summary: '' })
})
