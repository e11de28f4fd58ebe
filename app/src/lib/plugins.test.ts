import { describe, expect, test } from 'vitest'
import { readManifest, savePlan } from './plugins.ts'

// A manifest as the compiler stores it with a version.
const stored = {
  name: 'Moving-average crossover',
  version: '1.0.0',
  kind: 'strategy',
  description: 'Long when the fast SMA crosses above the slow one.',
  universe: ['RELIANCE', 'NIFTY50', 7],
  timeframes: ['1m', '1d'],
  ticks: false,
  history: 500,
  params: { fast: { type: 'int', default: 10, min: 2 } },
}

test('readManifest keeps what the pages show and drops what is malformed', () => {
  expect(readManifest(stored)).toEqual({
    name: 'Moving-average crossover',
    version: '1.0.0',
    kind: 'strategy',
    description: 'Long when the fast SMA crosses above the slow one.',
    universe: ['RELIANCE', 'NIFTY50'],
    timeframes: ['1m', '1d'],
    params: [{ name: 'fast', spec: { type: 'int', default: 10, min: 2 } }],
  })
  expect(readManifest(undefined)).toMatchObject({ name: '', kind: undefined, universe: [] })
  expect(readManifest({ kind: 'indicator' }).kind).toBeUndefined()
})

describe('savePlan', () => {
  const manifest = readManifest(stored)

  test('a new plugin is created with the manifest’s kind, name and description', () => {
    expect(savePlan(undefined, manifest)).toEqual({
      ok: true,
      create: {
        kind: 'strategy',
        name: 'Moving-average crossover',
        description: 'Long when the fast SMA crosses above the slow one.',
      },
    })
    expect(savePlan(undefined, { ...manifest, description: '' })).toEqual({
      ok: true,
      create: { kind: 'strategy', name: 'Moving-average crossover' },
    })
  })

  test('an open plugin of the same kind gets a new version', () => {
    expect(savePlan({ kind: 'strategy' }, manifest)).toEqual({ ok: true })
  })

  test('source of the other kind is refused before any request, saying what to use', () => {
    expect(savePlan({ kind: 'scanner' }, manifest)).toEqual({
      ok: false,
      message:
        'This plugin is a scanner, but the source defines a strategy; use defineScanner, or start a new plugin.',
    })
    expect(savePlan(undefined, { ...manifest, kind: undefined })).toMatchObject({ ok: false })
  })
})
