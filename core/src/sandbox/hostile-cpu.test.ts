/**
 * Hostile plugins that burn CPU or never finish. isolated-vm's `timeout` is wall time and does
 * not cover a promise that never settles or user code run while a thrown value is copied out;
 * the worker's watchdog meters `cpuTime` and disposes the isolate, and the dispatch contract is
 * synchronous, so nothing ever waits on the plugin's promises.
 */
import { expect } from 'vitest'
import { PluginCrashed, PluginOutputInvalid, PluginTimeout } from './errors.ts'
import { describeHostile } from './hostile-harness.ts'
import { dispatchScript, onBatch } from './test-plugins.ts'

describeHostile('hostile plugins: CPU and time', [
  {
    name: 'a synchronous endless loop is stopped at its CPU budget',
    code: onBatch('for (;;) {}'),
    expected: PluginTimeout,
    check: (e) => expect(e.message).toMatch(/CPU in one batch; the free tier allows 50 ms/),
  },
  {
    name: 'an endless async loop (await in a loop) is stopped',
    code: onBatch('(async () => { for (;;) await null })()'),
    expected: PluginTimeout,
  },
  {
    name: 'an endless microtask chain is stopped',
    // Not returning the promise: a chain of pending promises would hit the memory limit first.
    code: onBatch('const f = () => { Promise.resolve().then(f) }; f()'),
    expected: PluginTimeout,
  },
  {
    name: 'a catastrophic regular expression (ReDoS) is stopped',
    code: onBatch("out.ok = /^(a+)+$/.test('a'.repeat(40) + 'b')"),
    expected: PluginTimeout,
  },
  {
    name: 'an endless loop while loading is stopped at the start budget',
    code: `for (;;) {}`,
    phase: 'load',
    expected: PluginTimeout,
    // The CPU budget stops it, or on a very busy machine the wall-clock limit.
    check: (e) => expect(e.message).toMatch(/one load/),
  },
  {
    name: 'an endless loop in init is stopped',
    code: dispatchScript("if (msg.kind === 'init') for (;;) {}"),
    phase: 'init',
    expected: PluginTimeout,
  },
  {
    name: 'a dispatch that returns a never-settling promise is refused, not awaited',
    code: `globalThis.__vmAlgoDispatch = () => new Promise(() => {})`,
    phase: 'init',
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/returned an object, not a JSON string/),
  },
  {
    name: 'an async dispatch is refused, not awaited',
    code: `globalThis.__vmAlgoDispatch = async () => '{"intents":[],"logs":[],"matches":[]}'`,
    phase: 'init',
    expected: PluginOutputInvalid,
  },
  {
    name: 'a thrown object whose message getter loops is stopped',
    code: onBatch('throw { get message() { for (;;) {} } }'),
    expected: PluginTimeout,
  },
  {
    // isolated-vm copies an unhandled rejection out after the call, outside its timeout: the
    // watchdog's CPU meter still sees the getter spin and disposes the isolate.
    name: 'a rejected value whose getter loops after the call is stopped by the watchdog',
    code: onBatch('Promise.reject({ get message() { for (;;) {} } })'),
    expected: PluginTimeout,
    check: (e) => expect(e.message).toMatch(/CPU in one batch/),
  },
  {
    name: 'an unhandled rejection fails the call but not the sandbox',
    code: onBatch("Promise.reject(new TypeError('nobody catches me'))"),
    expected: PluginCrashed,
    check: (e) => {
      expect((e as PluginCrashed).reason).toBe('unhandled-rejection')
      expect(e.message).toMatch(/TypeError: nobody catches me/)
    },
  },
])
