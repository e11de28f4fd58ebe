import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { createPluginCompiler } from './compiler.ts'

const source = readFileSync(
  new URL('../../../plugins/examples/rsi-oversold-scanner.ts', import.meta.url),
  'utf8',
)
const compiler = createPluginCompiler()
afterAll(() => compiler.close())

describe('createPluginCompiler (child process)', () => {
  it('compiles in its own process', async () => {
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

  // Out here rather than in compile.test.ts: an isolate pushed to its memory limit is the one
  // thing that may take its process down with it, and this is the process that may go.
  it('stops top-level code that allocates without end at the loader memory limit', async () => {
    const hog = source.replace(
      'export default',
      'const hoard: number[][] = []\nfor (;;) hoard.push(new Array(1e6).fill(1))\nexport default',
    )
    const result = await compiler.compile(hog)
    expect(result.ok).toBe(false)
    expect(result.diagnostics[0]).toMatchObject({
      code: 'LOAD',
      message: 'the plugin used more than 64 MB while loading',
    })
    expect((await compiler.compile(source)).ok).toBe(true)
  })

  it('says so when its process dies mid-compile (the OOM killer, say), then starts another', async () => {
    await compiler.warm()
    const compiling = compiler.compile(source)
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {
      encoding: 'utf8',
    })
    const pid = children
      .split('\n')
      .find((line) => line.includes('compiler/worker.ts'))
      ?.trim()
      .split(' ')[0]
    expect(pid).toBeDefined()
    process.kill(Number(pid), 'SIGKILL')
    const result = await compiling
    expect(result).toMatchObject({ ok: false, diagnostics: [{ code: 'INTERNAL' }] })
    expect(result.diagnostics[0]?.message).toMatch(/^the compiler stopped while compiling/)
    expect((await compiler.compile(source)).ok).toBe(true)
  })
})
