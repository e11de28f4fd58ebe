/**
 * Plugins that abuse trading or the compiler's contract. Order intents pass the tier's caps
 * and the protocol schema, and a client order id is used once, or the whole output is refused:
 * none of its intents reach the order manager. Broken or oversized scripts get a clean
 * PluginCompileError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PluginCompileError,
  PluginLimitExceeded,
  PluginOutputInvalid,
  PluginTimeout,
} from './errors.ts'
import { describeHostile, load, TEST_LIMITS } from './hostile-harness.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import { batchOf, COUNTER_PLUGIN, dispatchScript, onBatch } from './test-plugins.ts'

/** An intent as the SDK would build it, with `patch` applied (JS object literal text). */
const place = (patch = '', id = "'o-' + i") =>
  `({ action: 'place', clientOrderId: ${id}, symbol: 'INFY', side: 'BUY', qty: 1,
      orderType: 'LIMIT', product: 'MIS', price: 1500, ${patch} })`

describeHostile(
  'hostile plugins: trading abuse',
  [
    {
      // 1.3 MB of JSON: refused by size inside the isolate, before the host parses a byte.
      name: '10,000 intents in one batch are refused, none executed',
      code: onBatch(`for (let i = 0; i < 10000; i++) out.intents.push(${place()})`),
      expected: PluginLimitExceeded,
      check: (e) => expect(e.message).toMatch(/characters from one call; the free tier allows/),
    },
    {
      name: '1,000 intents (within the size limit) are refused by the tier’s intent cap',
      code: onBatch(`for (let i = 0; i < 1000; i++) out.intents.push(${place()})`),
      expected: PluginLimitExceeded,
      check: (e) =>
        expect(e.message).toBe(
          'The plugin returned 1000 order intents in one batch; the free tier allows 20. None of them were used.',
        ),
    },
    {
      name: 'an absurd quantity is refused',
      code: onBatch(`const i = 1; out.intents.push(${place('qty: 1e12')})`),
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/intents\[0\]\.qty/),
    },
    {
      name: 'a NaN quantity (null in JSON) is refused',
      code: onBatch(`const i = 1; out.intents.push(${place('qty: NaN')})`),
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/intents\[0\]\.qty/),
    },
    {
      name: 'a fractional quantity is refused',
      code: onBatch(`const i = 1; out.intents.push(${place('qty: 1.5')})`),
      expected: PluginOutputInvalid,
    },
    {
      name: 'an absurd or negative price is refused',
      code: onBatch(
        `const i = 1; out.intents.push(${place('price: -5')}, ${place('price: 1e300', "'o-2'")})`,
      ),
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/intents\[0\]\.price.*intents\[1\]\.price/),
    },
    {
      name: 'a symbol with path characters is refused',
      code: onBatch(`const i = 1; out.intents.push(${place("symbol: '../../etc/passwd'")})`),
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/intents\[0\]\.symbol/),
    },
    {
      name: 'an unknown action is refused',
      code: onBatch(`out.intents.push({ action: 'withdraw', amount: 1e9 })`),
      expected: PluginOutputInvalid,
    },
    {
      name: 'two orders with one client order id in a batch are refused',
      code: onBatch(`const i = 1; out.intents.push(${place()}, ${place()})`),
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/two orders with the client order id "o-1"/),
    },
    {
      name: 'reusing a client order id from an earlier batch is refused',
      code: onBatch(`const i = 7; out.intents.push(${place()})`),
      batches: 2,
      expected: PluginOutputInvalid,
      check: (e) => expect(e.message).toMatch(/"o-7"/),
    },
    {
      name: '10,000 scan matches are refused',
      code: onBatch(`for (let i = 0; i < 10000; i++) out.matches.push({ symbol: 'INFY', ts: 0 })`),
      expected: PluginLimitExceeded,
    },
    // Building 10,000 intents takes a few ms of CPU, more on a busy machine: the budget must not
    // be what stops these plugins.
  ],
  { cpuMsPerBatch: 1_000, wallMsPerBatch: 5_000 },
)

describeHostile('hostile plugins: compile abuse', [
  {
    name: 'a broken script is a compile error',
    code: 'globalThis.__vmAlgoDispatch = (input) => {',
    phase: 'load',
    expected: PluginCompileError,
    check: (e) => expect(e.message).toMatch(/^The plugin failed to load: SyntaxError: /),
  },
  {
    name: 'a script over the tier’s size is refused before any worker sees it',
    code: `${COUNTER_PLUGIN}\n//${'x'.repeat(1024 * 1024)}`,
    phase: 'load',
    expected: PluginCompileError,
    check: (e) => expect(e.message).toMatch(/bytes; the free tier allows 1048576/),
  },
  {
    name: 'deeply nested source is a compile error, not a crash',
    code: `globalThis.x = ${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    phase: 'load',
    expected: PluginCompileError,
  },
  {
    name: 'a script that defines no dispatch function is refused',
    code: 'globalThis.__vmAlgoDispatch = "not a function"',
    phase: 'load',
    expected: PluginCompileError,
    check: (e) => expect(e.message).toMatch(/does not define globalThis.__vmAlgoDispatch/),
  },
  {
    name: 'a script that throws while loading is refused',
    code: "throw new TypeError('no config')",
    phase: 'load',
    expected: PluginCompileError,
    check: (e) => expect(e.message).toBe('The plugin failed to load: TypeError: no config'),
  },
  {
    name: 'a script that leaves a rejected promise while loading is refused',
    code: `${COUNTER_PLUGIN}\nPromise.reject(new Error('late'))`,
    phase: 'load',
    expected: PluginCompileError,
  },
  {
    name: 'a script that compiles forever is stopped',
    code: `${COUNTER_PLUGIN}\nfor (let i = 0; ; i++) globalThis['f' + (i % 1000)] = i`,
    phase: 'load',
    expected: PluginTimeout,
  },
])

describe('trading output the host keeps', () => {
  let pool: SandboxPool
  beforeAll(() => {
    pool = createSandboxPool({
      workers: 1,
      limitsByTier: { free: { ...TEST_LIMITS, cpuMsPerBatch: 1_000, wallMsPerBatch: 5_000 } },
    })
  })
  afterAll(() => pool.close())

  it('drops logs over the tier’s caps but keeps the orders', async () => {
    const sb = await load(
      pool,
      't-chatty',
      onBatch(
        `for (let i = 0; i < 2000; i++) out.logs.push({ level: 'debug', message: 'tick ' + i, ts: msg.now })
         const i = 1; out.intents.push(${place()})`,
      ),
    )
    await sb.init({ params: {}, seed: 1 })
    const out = await sb.run(batchOf(1))
    expect(out.intents.map((i) => i.clientOrderId)).toEqual(['o-1'])
    expect(out.logs).toHaveLength(50)
    expect(out.logs.at(-1)).toMatchObject({
      level: 'warn',
      message:
        '1951 log entries dropped: the free tier keeps 50 entries and 16384 characters per batch.',
    })
    expect(sb.stats().logsDropped).toBe(1_951)
  })

  it('loads a script just under the size limit', async () => {
    const code = `${COUNTER_PLUGIN}\n//${'x'.repeat(1024 * 1024 - COUNTER_PLUGIN.length - 10)}`
    const sb = await load(pool, 't-big', code)
    await expect(sb.init({ params: {}, seed: 1 })).resolves.toMatchObject({ intents: [] })
  })

  it('keeps an error the plugin reported itself, with host paths removed', async () => {
    const sb = await load(
      pool,
      't-reports',
      dispatchScript(
        "if (msg.kind === 'batch') out.error = { name: 'TypeError', message: 'x is undefined at /home/build/plugin.ts:3' }",
      ),
    )
    await sb.init({ params: {}, seed: 1 })
    const out = await sb.run(batchOf(1))
    expect(out.error).toEqual({ name: 'TypeError', message: 'x is undefined at <path>:3' })
  })
})
