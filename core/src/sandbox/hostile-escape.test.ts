/**
 * Plugins that try to leave the isolate or to reach the host. Nothing of the host is inside
 * the isolate to reach (no Reference, host function or `ivm` module is ever passed in); these
 * tests pin that, and that the removed capabilities stay removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PluginCompileError, PluginCrashed } from './errors.ts'
import { describeHostile, load, TEST_LIMITS } from './hostile-harness.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import { batchOf, dispatchScript, onBatch } from './test-plugins.ts'

describeHostile('hostile plugins: escapes', [
  {
    name: "the constructor chain this.constructor.constructor('return process')() is refused",
    code: `this.constructor.constructor('return process')()`,
    phase: 'load',
    expected: PluginCompileError,
    check: (e) => expect(e.message).toMatch(/EvalError: code generation from strings/),
  },
  {
    name: 'the Function constructor of a function is refused',
    code: onBatch("(function () {}).constructor('return globalThis.process')()"),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toMatch(/EvalError/),
  },
  {
    name: 'async and generator function constructors are refused',
    code: onBatch("Object.getPrototypeOf(async function () {}).constructor('return 1')"),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toMatch(/EvalError/),
  },
  {
    name: 'eval is refused, direct or indirect',
    code: onBatch("(0, eval)('1 + 1')"),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toMatch(/EvalError/),
  },
  {
    name: 'a dynamic import() that nobody catches fails the call',
    code: onBatch("import('node:child_process').then((cp) => cp.execSync('id'))"),
    expected: PluginCrashed,
    check: (e) => expect((e as PluginCrashed).reason).toBe('unhandled-rejection'),
  },
  {
    name: 'import.meta is a syntax error in a plugin script',
    code: 'globalThis.url = import.meta.url',
    phase: 'load',
    expected: PluginCompileError,
  },
  {
    name: 'Proxy does not exist (its traps could run where no timeout counts)',
    code: onBatch('throw new Proxy({}, { getPrototypeOf() { for (;;) {} } })'),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toMatch(/ReferenceError: Proxy is not defined/),
  },
  {
    name: 'a stack-trace hook cannot be installed',
    code: onBatch(
      `Error.prepareStackTrace = () => { for (;;) {} }
       Promise.reject(new Error('rejected with a hooked stack'))`,
    ),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toMatch(/rejected with a hooked stack/),
  },
  {
    name: 'tampering with the isolate’s builtins does not change what the host reads',
    code: onBatch(
      `JSON.stringify = () => '{"intents":[],"logs":[],"matches":[]}'
       Object.prototype.toJSON = () => 'hijacked'
       String.prototype.slice = () => 'hijacked'
       throw new RangeError('the real message')`,
    ),
    expected: PluginCrashed,
    check: (e) => expect(e.message).toBe('The plugin threw RangeError: the real message'),
  },
])

describe('what a plugin can see', () => {
  let pool: SandboxPool
  beforeAll(() => {
    pool = createSandboxPool({ workers: 1, limitsByTier: { free: TEST_LIMITS } })
  })
  afterAll(() => pool.close())

  async function probe(expression: string): Promise<unknown> {
    const sb = await load(
      pool,
      'tenant-probe',
      onBatch(
        `out.logs.push({ level: 'info', ts: 0, message: JSON.stringify((() => { ${expression} })()) })`,
      ),
    )
    await sb.init({ params: {}, seed: 1 })
    const out = await sb.run(batchOf(1))
    await sb.dispose()
    return JSON.parse(out.logs[0]!.message)
  }

  it('finds no Node.js, no isolated-vm and none of the removed globals', async () => {
    const names = [
      'require',
      'process',
      'module',
      'global',
      'Buffer',
      'setTimeout',
      'setImmediate',
      'queueMicrotask',
      'fetch',
      'performance',
      'crypto',
      'ivm',
      '_ivm',
      'WebAssembly',
      'SharedArrayBuffer',
      'Atomics',
      'Intl',
      'Proxy',
      'WeakRef',
      'FinalizationRegistry',
    ]
    const seen = await probe(
      `const g = Function('return this')()
       return ${JSON.stringify(names)}.filter((n) => typeof g[n] !== 'undefined')`,
    )
    expect(seen).toEqual([])
  })

  it('has only its own global object, with nothing of the host on it', async () => {
    const names = (await probe('return Object.getOwnPropertyNames(globalThis)')) as string[]
    expect(names).toContain('__vmAlgoDispatch')
    expect(names.filter((n) => /ivm|isolate|host|process|require/i.test(n))).toEqual([])
  })

  it('gets a refused resize from an ArrayBuffer created with maxByteLength', async () => {
    const result = await probe(
      `const b = new ArrayBuffer(8, { maxByteLength: 2 ** 30 })
       return [b.resizable, b.byteLength, b instanceof ArrayBuffer, new Uint8Array(4).buffer instanceof ArrayBuffer]`,
    )
    expect(result).toEqual([false, 8, true, true])
  })

  it('keeps Function("return this") and instanceof Function working for libraries', async () => {
    const result = await probe(
      `return [Function('return this')() === globalThis, (() => {}) instanceof Function,
               typeof Error.prepareStackTrace, typeof new Error('x').stack]`,
    )
    expect(result).toEqual([true, true, 'undefined', 'string'])
  })

  it('cannot reach the host’s wrapper through .caller (it is strict code)', async () => {
    expect(await probe('return globalThis.__vmAlgoDispatch.caller')).toBeNull()
  })

  it('refuses module syntax (a static import) at load', async () => {
    const err = await load(pool, 't', dispatchScript('', "import fs from 'node:fs'")).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(PluginCompileError)
    expect(err.message).toMatch(/SyntaxError/)
  })
})
