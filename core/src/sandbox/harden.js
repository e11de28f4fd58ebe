/*
 * Runs first in every plugin isolate, before any plugin code. A classic script whose value is
 * `harden`; the worker calls it once and keeps a reference to the `entry` function it returns,
 * the only thing the host ever calls in the isolate. Everything here runs inside the isolate:
 * it can protect the host's view of the plugin, never the host itself (that is the isolate's
 * and the worker process's job).
 *
 * Why each removal (see README.md in this folder):
 * - WebAssembly, resizable ArrayBuffers: memory outside isolated-vm's memory limit.
 * - Intl: ICU objects keep native memory the limit does not see (16 MB isolate, +3 GB RSS).
 * - Proxy: isolated-vm copies thrown and rejected values out of the isolate after the timeout
 *   has stopped counting; a proxy trap that loops there wedges the isolate for good.
 * - SharedArrayBuffer, Atomics, WeakRef, FinalizationRegistry, Temporal: threads, GC timing
 *   and real time — non-determinism a backtest must not see.
 * - eval, Function constructors: plugins run the code the platform compiled and stored.
 * - Date, Math.random: a virtual clock and a seeded generator, so runs are reproducible.
 */
;(function harden(maxResultChars) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script in the isolate, not a module; strict functions hide themselves from plugins (no .caller, no stack-trace CallSite.getFunction)
  'use strict'
  const g = globalThis
  const { apply, construct, defineProperty, deleteProperty, getPrototypeOf } = Reflect
  const stringify = JSON.stringify
  const imul = Math.imul
  const stringSlice = String.prototype.slice
  const OriginalDate = Date
  const dateToString = Date.prototype.toString
  const OriginalArrayBuffer = ArrayBuffer
  const indirectEval = g.eval
  const DISPATCH = '__vmAlgoDispatch'

  let clock = 0
  let rngState = 0

  const hidden = (value) => ({ value, writable: true, configurable: true, enumerable: false })
  // Stand-ins keep the names of what they replace (a named function expression would shadow
  // the global inside it).
  const named = (fn, name) => defineProperty(fn, 'name', { value: name, configurable: true })

  for (const name of [
    'WebAssembly',
    'SharedArrayBuffer',
    'Atomics',
    'Intl',
    'Proxy',
    'WeakRef',
    'FinalizationRegistry',
    'Temporal',
  ]) {
    deleteProperty(g, name)
  }

  // --- Virtual clock: Date.now(), new Date() and Date() read the host-given time.
  const VirtualDate = function (...args) {
    if (new.target === undefined) return apply(dateToString, construct(OriginalDate, [clock]), [])
    return construct(OriginalDate, args.length === 0 ? [clock] : args, new.target)
  }
  named(VirtualDate, 'Date')
  VirtualDate.prototype = OriginalDate.prototype
  defineProperty(VirtualDate, 'length', { value: 7, configurable: true })
  defineProperty(
    VirtualDate,
    'now',
    hidden(() => clock),
  )
  defineProperty(VirtualDate, 'parse', hidden(OriginalDate.parse))
  defineProperty(VirtualDate, 'UTC', hidden(OriginalDate.UTC))
  defineProperty(OriginalDate.prototype, 'constructor', hidden(VirtualDate))
  defineProperty(g, 'Date', hidden(VirtualDate))

  // --- Seeded Math.random (mulberry32), reseeded by the host on init.
  const random = () => {
    rngState = (rngState + 0x6d2b79f5) | 0
    let t = rngState
    t = imul(t ^ (t >>> 15), t | 1)
    t ^= t + imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  defineProperty(Math, 'random', hidden(random))

  // --- ArrayBuffers are fixed-length: resizable ones escape the memory limit.
  const FixedArrayBuffer = function (length) {
    if (new.target === undefined) throw new TypeError("Constructor ArrayBuffer requires 'new'")
    return construct(OriginalArrayBuffer, [length], new.target)
  }
  named(FixedArrayBuffer, 'ArrayBuffer')
  FixedArrayBuffer.prototype = OriginalArrayBuffer.prototype
  defineProperty(FixedArrayBuffer, 'isView', hidden(OriginalArrayBuffer.isView))
  defineProperty(FixedArrayBuffer, Symbol.species, {
    get() {
      return this
    },
    configurable: true,
  })
  defineProperty(OriginalArrayBuffer.prototype, 'constructor', hidden(FixedArrayBuffer))
  defineProperty(g, 'ArrayBuffer', hidden(FixedArrayBuffer))

  // --- No code generation from strings. `Function('return this')()`, the old way to find the
  // global object, keeps working.
  const codegenRefused = () =>
    new EvalError('code generation from strings (eval, Function) is disabled in plugins')
  const FunctionStub = (...args) => {
    if (args.length === 1 && args[0] === 'return this') return () => g
    throw codegenRefused()
  }
  named(FunctionStub, 'Function')
  const constructorProtos = [
    Function.prototype,
    getPrototypeOf(async () => {}),
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function* () {}),
  ]
  for (const proto of constructorProtos) {
    const stub =
      proto === Function.prototype
        ? FunctionStub
        : () => {
            throw codegenRefused()
          }
    defineProperty(stub, 'prototype', { value: proto })
    defineProperty(proto, 'constructor', hidden(stub))
  }
  defineProperty(g, 'Function', hidden(FunctionStub))
  const refuseEval = () => {
    throw codegenRefused()
  }
  named(refuseEval, 'eval')
  defineProperty(g, 'eval', hidden(refuseEval))

  // --- No stack-trace hooks: V8 would run them while isolated-vm copies an error out.
  defineProperty(Error, 'prepareStackTrace', {
    get() {
      return undefined
    },
    set() {},
    configurable: false,
  })

  // --- A console that prints nothing (plugins log through their output).
  const quiet = {}
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
    quiet[name] = () => {}
  }
  defineProperty(g, 'console', hidden(quiet))

  // --- Talking to the host: strings in, strings out. 'O' + the plugin's output, or 'E' + a
  // JSON envelope built here from primitives only (null prototype: no toJSON to hijack).
  const clip = (s, n) => (s.length > n ? apply(stringSlice, s, [0, n]) : s)
  const envelope = (fields) => `E${stringify({ __proto__: null, ...fields })}`

  const describe = (e) => {
    let name = 'Error'
    let message = ''
    try {
      if ((typeof e === 'object' && e !== null) || typeof e === 'function') {
        const n = e.name
        const m = e.message
        if (typeof n === 'string') name = n
        if (typeof m === 'string') message = m
        else if (n === undefined && m === undefined) {
          name = 'NonError'
          message = 'threw an object that is not an Error'
        }
      } else {
        name = 'NonError'
        if (typeof e === 'string') message = `threw the string ${stringify(clip(e, 200))}`
        else if (typeof e === 'symbol') message = 'threw a symbol'
        else if (typeof e === 'bigint') message = 'threw a bigint'
        else message = `threw ${e}`
      }
    } catch {
      name = 'NonError'
      message = 'threw a value whose name or message could not be read'
    }
    return { name: clip(name, 100), message: clip(message, 1_000) }
  }

  const load = (code) => {
    try {
      indirectEval(`${code}\n//# sourceURL=plugin.js`)
      if (typeof g[DISPATCH] === 'function') return 'O'
    } catch (e) {
      return envelope({ t: 'threw', ...describe(e) })
    }
    return envelope({ t: 'no-dispatch' })
  }

  const call = (input, block) => {
    let out
    try {
      const dispatch = g[DISPATCH]
      if (typeof dispatch !== 'function') return envelope({ t: 'no-dispatch' })
      out = block === undefined ? dispatch(input) : dispatch(input, block)
    } catch (e) {
      return envelope({ t: 'threw', ...describe(e) })
    }
    if (typeof out !== 'string')
      return envelope({ t: 'bad-return', type: out === null ? 'null' : typeof out })
    if (out.length > maxResultChars) return envelope({ t: 'too-big', size: out.length })
    return `O${out}`
  }

  // `block`: a packed data window's numbers (an ArrayBuffer), for the SDK's dispatch alone.
  return function entry(op, arg, now, seed, block) {
    clock = now
    if (seed >= 0) rngState = (seed ^ 0x9e3779b9) | 0
    return op === 'load' ? load(arg) : call(arg, block)
  }
})
