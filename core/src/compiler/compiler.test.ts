import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { createPluginCompiler } from './compiler.ts'

const source = readFileSync(
  new URL('../../../plugins/examples/rsi-oversold-scanner.ts', import.meta.url),
  'utf8',
)
const compiler = createPluginCompiler()
afterAll(() => compiler.close())

describe('createPluginCompiler (worker thread)', () => {
  it('compiles in its worker', async () => {
    const result = await compiler.compile(source)
    expect(result.ok && result.manifest.name).toBe('RSI oversold')
  })

  it('stops a compile that overruns its time limit, then compiles again with a fresh worker', async () => {
    await compiler.warm()
    // No real compile finishes in 1 ms; the worker is terminated mid-way.
    expect(await compiler.compile(source, { timeoutMs: 1 })).toEqual({
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          message: 'compiling took longer than 1 ms and was stopped',
          line: 1,
          column: 1,
          code: 'COMPILE_TIMEOUT',
        },
      ],
    })
    const again = await compiler.compile(source)
    expect(again.ok).toBe(true)
  })

  it('runs compiles one at a time, each with its own result', async () => {
    const broken = source.replace("version: '1.0.0'", "version: 'one'")
    const [a, b, c] = await Promise.all([
      compiler.compile(source),
      compiler.compile(broken),
      compiler.compile(source),
    ])
    expect([a.ok, b.ok, c.ok]).toEqual([true, false, true])
    expect(b.diagnostics[0]?.code).toBe('DEFINITION')
  })
})
