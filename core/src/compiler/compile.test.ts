import { readdirSync, readFileSync } from 'node:fs'
import vm from 'node:vm'
import { DISPATCH_GLOBAL, SDK_VERSION } from '@vm-algo/plugins'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileInThread, warmCompiler } from './compile.ts'
import { loadInVm } from './testing/vm-plugin.ts'
import { type CompileResult, MAX_SOURCE_BYTES } from './types.ts'

const EXAMPLES = new URL('../../../plugins/examples/', import.meta.url)
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'))

const header = `import { defineStrategy } from '@vm-algo/sdk'\n`
const manifest = `manifest: { name: 'T', version: '1.0.0', universe: ['TCS'], timeframes: ['1d'] }`
// A valid strategy whose onBar body is `body`: its first line is line 5, plus the lines of `extra`.
const strategy = (body: string, extra = '') =>
  `${extra.includes('param.') ? header.replace('defineStrategy', 'defineStrategy, param') : header}` +
  `export default defineStrategy({\n  ${manifest},${extra}\n  onBar(ctx, event) {\n${body}\n  },\n})\n`

const errors = (r: CompileResult) => r.diagnostics.filter((d) => d.severity === 'error')
const at = (r: CompileResult) => errors(r).map((d) => [d.line, d.column, d.code])

beforeAll(() => warmCompiler(), 30_000)

describe('compileInThread: the examples', () => {
  it.each(examples)(
    '%s compiles clean into one script defining only the dispatcher',
    async (file) => {
      const result = await compileInThread(readFileSync(new URL(file, EXAMPLES), 'utf8'))
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
      expect(result.diagnostics).toEqual([])
      expect(result.sdkVersion).toBe(SDK_VERSION)
      expect(result.manifest.kind).toBe(file.includes('scanner') ? 'scanner' : 'strategy')
      // No module system at run time.
      expect(result.js).not.toMatch(/\brequire\(|\bimport\(|\bimport\s+[\w{*]|\bexport\s/)
      const context = vm.createContext(Object.create(null))
      const before = Object.getOwnPropertyNames(vm.runInContext('globalThis', context))
      vm.runInContext(result.js, context)
      const after = Object.getOwnPropertyNames(vm.runInContext('globalThis', context))
      expect(after.filter((name) => !before.includes(name))).toEqual([DISPATCH_GLOBAL])
      expect(loadInVm(result.js).describe()).toEqual({
        manifest: result.manifest,
        sdkVersion: SDK_VERSION,
      })
    },
  )

  it('extracts the manifest with kind, parameters and history', async () => {
    const result = await compileInThread(
      readFileSync(new URL('high-52-week-scanner.ts', EXAMPLES), 'utf8'),
    )
    expect(result.ok && result.manifest).toMatchObject({
      name: '52-week high',
      version: '1.0.0',
      kind: 'scanner',
      timeframes: ['1d'],
      ticks: false,
      history: 300,
      params: {
        withinPct: { type: 'number', default: 2, min: 0, max: 20, label: 'Within % of the high' },
      },
    })
  })
})

describe('compileInThread: errors point at the line', () => {
  it('type errors', async () => {
    const result = await compileInThread(
      strategy(`    const n: number = 'x'\n    ctx.buy(event.symbol, '1')\n    void n`),
    )
    expect(result.ok).toBe(false)
    expect(errors(result).map((d) => [d.line, d.column, d.code, d.message])).toEqual([
      [5, 11, 'TS2322', "Type 'string' is not assignable to type 'number'."],
      [
        6,
        27,
        'TS2345',
        "Argument of type 'string' is not assignable to parameter of type 'number'.",
      ],
    ])
  })

  it('typed parameters: an enum value outside its list is a type error', async () => {
    const params = `\n  params: { kind: param.enum({ values: ['sma', 'ema'], default: 'sma' }) },`
    const result = await compileInThread(
      strategy(`    if (ctx.params.kind === 'wma') return`, params),
    )
    expect(at(result)).toEqual([[6, 9, 'TS2367']])
  })

  it('syntax errors', async () => {
    const result = await compileInThread(strategy(`    const x = (1 +\n    ctx.log.info(x`))
    expect(result.ok).toBe(false)
    expect(errors(result)[0]).toMatchObject({ line: 7, code: 'TS1005' })
  })

  it('host globals, with a hint instead of "add the DOM library"', async () => {
    const result = await compileInThread(
      strategy(`    console.log(event)\n    setTimeout(() => {}, 1)\n    process.exit(1)`),
    )
    expect(errors(result).map((d) => [d.line, d.message])).toEqual([
      [5, "'console' does not exist in plugins: log with ctx.log.info(...) (or debug/warn/error)"],
      [6, 'timers do not exist in plugins: hooks run synchronously; act on the next bar or tick'],
      [
        7,
        "'process' does not exist in plugins: they run in a sandbox with ECMAScript built-ins only",
      ],
    ])
  })

  it('forbidden imports of every form, each at its line', async () => {
    const source = [
      `import { defineStrategy } from '@vm-algo/sdk'`,
      `import fs from 'node:fs'`,
      `export * from './other.ts'`,
      `const lazy = () => import('node:child_process')`,
      `const req = require('http')`,
      `export default defineStrategy({ ${manifest}, onBar() { void lazy; void req; void fs } })`,
    ].join('\n')
    const result = await compileInThread(source)
    expect(at(result).filter(([, , code]) => code === 'FORBIDDEN_IMPORT')).toEqual([
      [2, 16, 'FORBIDDEN_IMPORT'],
      [3, 15, 'FORBIDDEN_IMPORT'],
      [4, 20, 'FORBIDDEN_IMPORT'],
      [5, 13, 'FORBIDDEN_IMPORT'],
    ])
    expect(errors(result)[0]!.message).toBe(
      "cannot import 'node:fs': plugins may import only '@vm-algo/sdk'",
    )
  })

  it('triple-slash references, which would bring DOM or Node types into the check', async () => {
    const result = await compileInThread(
      `/// <reference lib="dom" />\n/// <reference path="/etc/hosts" />\n${strategy('')}`,
    )
    expect(at(result)).toEqual([
      [1, 21, 'FORBIDDEN_IMPORT'],
      [2, 22, 'FORBIDDEN_IMPORT'],
    ])
    expect(errors(result)[0]!.message).toBe(
      "triple-slash references are not available in plugins ('dom')",
    )
  })

  it('an oversized source, before any work', async () => {
    const result = await compileInThread(`// ${'x'.repeat(MAX_SOURCE_BYTES)}`)
    expect(result).toEqual({
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          message: `source is ${MAX_SOURCE_BYTES + 3} bytes; plugins may be at most ${MAX_SOURCE_BYTES} bytes`,
          line: 1,
          column: 1,
          code: 'SOURCE_TOO_LARGE',
        },
      ],
    })
  })

  it('a definition the runtime refuses, at the field at fault', async () => {
    const badVersion = strategy('', '').replace("version: '1.0.0'", "version: '1.0'")
    expect(errors(await compileInThread(badVersion))).toEqual([
      {
        severity: 'error',
        message:
          'DefinitionError: defineStrategy: manifest.version must be a semantic version such as 1.0.0, got "1.0"',
        line: 3,
        column: 26,
        code: 'DEFINITION',
      },
    ])
    const badParam = strategy(
      '',
      `\n  params: {\n    fast: param.int({ default: 500, max: 200 }),\n  },`,
    )
    expect(at(await compileInThread(badParam))).toEqual([[5, 17, 'DEFINITION']])
  })

  it('top-level code that throws or never ends while loading', async () => {
    const throws = await compileInThread(`const x: number[] = []\nx.length = -1\nexport {}\n`)
    expect(errors(throws)[0]).toMatchObject({
      line: 2,
      code: 'LOAD',
      message: 'RangeError: Invalid array length',
    })
    const spins = await compileInThread(`${header}while (true) {}\n`)
    expect(errors(spins)[0]).toMatchObject({
      code: 'LOAD',
      message: "the plugin's top-level code ran longer than 500 ms while loading",
    })
  })

  // Top-level code that allocates without end: compiler.test.ts, in the compiler's own process.

  it('at most 100 diagnostics, errors first, with a count of the rest', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => `export const n${i}: number = 'x'\n`)
    const result = await compileInThread(lines.join(''))
    expect(result.diagnostics).toHaveLength(100)
    expect(result.diagnostics.slice(0, 99).every((d) => d.code === 'TS2322')).toBe(true)
    expect(result.diagnostics[99]).toMatchObject({
      severity: 'error',
      message: '51 more problems not shown',
      code: 'MORE',
    })
  })

  it('a file that defines no plugin', async () => {
    expect(at(await compileInThread(`export const x = 1\n`))).toEqual([[1, 1, 'NO_PLUGIN']])
  })
})

describe('compileInThread: warnings', () => {
  it('compiles code with unused variables, reporting them as warnings', async () => {
    const result = await compileInThread(strategy(`    const unused = 1`))
    expect(result.ok).toBe(true)
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        message: "'unused' is declared but its value is never read.",
        line: 5,
        column: 11,
        code: 'TS6133',
      },
    ])
  })
})
