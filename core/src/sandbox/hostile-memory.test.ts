/**
 * Hostile plugins that grab memory. isolated-vm's limit counts the V8 heap and ArrayBuffers;
 * what it does not count (WebAssembly memory, resizable ArrayBuffers, Intl's native objects)
 * is removed from the isolate. Growth that V8 itself cannot survive (a single huge hash-table
 * allocation) kills the worker process instead: see pool.test.ts.
 */
import { expect } from 'vitest'
import { PluginCrashed, PluginLimitExceeded, PluginMemoryExceeded } from './errors.ts'
import { describeHostile } from './hostile-harness.ts'
import { onBatch } from './test-plugins.ts'

describeHostile(
  'hostile plugins: memory',
  [
    {
      name: 'heap growth (an ever-growing array of objects) hits the memory limit',
      code: onBatch('const a = []; for (;;) a.push({ i: a.length, s: "x" + a.length })'),
      expected: PluginMemoryExceeded,
      check: (e) => expect(e.message).toMatch(/more than the 16 MB of memory the free tier allows/),
    },
    {
      name: 'a slow leak across batches hits the memory limit',
      code: onBatch(
        'for (let i = 0; i < 40; i++) globalThis.keep.push(new Array(20000).fill(i + 0.5))',
        'globalThis.keep = []',
      ),
      batches: 20,
      expected: PluginMemoryExceeded,
    },
    {
      name: 'a doubling string hits V8’s string length limit',
      code: onBatch("let s = 'x'; for (;;) s += s"),
      expected: PluginMemoryExceeded,
    },
    {
      name: 'many large strings hit the memory limit',
      code: onBatch("const a = []; for (;;) a.push('y'.repeat(1e6) + a.length)"),
      expected: PluginMemoryExceeded,
    },
    {
      name: 'ArrayBuffers count against the limit',
      code: onBatch(
        'const a = []; for (;;) { const b = new ArrayBuffer(4 << 20); new Uint8Array(b).fill(1); a.push(b) }',
      ),
      expected: PluginMemoryExceeded,
    },
    {
      name: 'typed arrays count against the limit',
      code: onBatch('const a = []; for (;;) a.push(new Float64Array(1e6).fill(1))'),
      expected: PluginMemoryExceeded,
    },
    {
      name: 'one 2 GB ArrayBuffer is refused',
      code: onBatch('globalThis.big = new ArrayBuffer(2 ** 31)'),
      expected: PluginMemoryExceeded,
    },
    {
      // A resizable buffer's pages are outside isolated-vm's allocator: 2 GB in a 16 MB isolate.
      name: 'resizable ArrayBuffers cannot be made (they escape the limit)',
      code: onBatch('const b = new ArrayBuffer(0, { maxByteLength: 2 ** 31 }); b.resize(2 ** 31)'),
      expected: PluginCrashed,
      check: (e) => expect(e.message).toMatch(/TypeError/),
    },
    {
      name: 'WebAssembly (memory outside the limit) does not exist',
      code: onBatch('new WebAssembly.Memory({ initial: 1000 })'),
      expected: PluginCrashed,
      check: (e) => expect(e.message).toMatch(/ReferenceError: WebAssembly is not defined/),
    },
    {
      // ICU objects keep native memory the limit does not see (measured: +3 GB RSS).
      name: 'Intl (native memory outside the limit) does not exist',
      code: onBatch('const a = []; for (;;) a.push(new Intl.DateTimeFormat("en-IN"))'),
      expected: PluginCrashed,
      check: (e) => expect(e.message).toMatch(/ReferenceError: Intl is not defined/),
    },
    {
      name: 'a 512 MB result string is refused inside the isolate, before it is copied',
      code: `globalThis.__vmAlgoDispatch = (input) => JSON.parse(input).kind === 'batch' ? 'x'.repeat(2 ** 29 - 32) : '{"intents":[],"logs":[],"matches":[]}'`,
      expected: PluginLimitExceeded,
      check: (e) => expect(e.message).toMatch(/536870880 characters from one call/),
    },
    // Filling 16 MB takes a few hundred ms of allocation and GC: give CPU room, so the memory
    // limit is what stops these plugins.
  ],
  { cpuMsPerBatch: 3_000, wallMsPerBatch: 6_000 },
)
