/**
 * What comes back out of a plugin: only one string per call crosses, built inside the isolate,
 * checked for size there, then parsed and validated by the host. Thrown values are described
 * inside the isolate by the trusted wrapper (harden.js), never copied out as objects.
 */
import { expect } from 'vitest'
import {
  PluginCrashed,
  PluginLimitExceeded,
  PluginOutputInvalid,
  type SandboxError,
} from './errors.ts'
import { describeHostile, type HostileCase } from './hostile-harness.ts'
import { dispatchScript, onBatch } from './test-plugins.ts'

const EMPTY = '{"intents":[],"logs":[],"matches":[]}'

/** A plugin whose dispatch returns `expression` on batches (and a valid output otherwise). */
const returning = (expression: string, prelude = '') =>
  `${prelude}
globalThis.__vmAlgoDispatch = (input) => JSON.parse(input).kind === 'batch' ? (${expression}) : '${EMPTY}'`

const threw = (name: string, message: RegExp) => (e: SandboxError) => {
  expect((e as PluginCrashed).reason).toBe('threw')
  expect(e.message).toMatch(new RegExp(`^The plugin threw ${name}: `))
  expect(e.message).toMatch(message)
}

const values: HostileCase[] = [
  {
    name: 'an object instead of a string is refused without reading it',
    code: returning('{ get intents() { for (;;) {} } }'),
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/returned an object, not a JSON string/),
  },
  {
    name: 'a number, undefined or null is refused',
    code: returning('42'),
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/returned a number/),
  },
  {
    name: 'a string that is not JSON is refused',
    code: returning("'hello'"),
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/not valid JSON/),
  },
  {
    name: 'NaN written into the JSON by hand is not JSON',
    code: returning(`'{"intents":[],"logs":[],"matches":[],"state":NaN}'`),
    expected: PluginOutputInvalid,
  },
  {
    name: 'Infinity (1e999 in JSON) is refused by the schema',
    code: returning(
      `'{"intents":[],"logs":[],"matches":[{"symbol":"INFY","ts":0,"score":1e999}]}'`,
    ),
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/matches\[0\]\.score/),
  },
  {
    name: 'a cycle fails inside the plugin’s own JSON.stringify',
    code: onBatch('const o = {}; o.self = o; out.state = o'),
    expected: PluginCrashed,
    check: threw('TypeError', /circular/i),
  },
  {
    name: 'unknown keys (and a __proto__ key) are refused; the host object stays clean',
    code: returning(`'{"intents":[],"logs":[],"matches":[],"__proto__":{"polluted":true}}'`),
    expected: PluginOutputInvalid,
    check: () => expect(({} as { polluted?: boolean }).polluted).toBeUndefined(),
  },
  {
    name: 'a result over the tier’s size is refused',
    code: returning(
      `JSON.stringify({ intents: [], logs: [], matches: [], state: 'x'.repeat(300000) })`,
    ),
    expected: PluginLimitExceeded,
    check: (e) => expect(e.message).toMatch(/free tier allows 262144 bytes/),
  },
  {
    name: 'a result of multi-byte characters is measured in bytes',
    code: returning(
      `JSON.stringify({ intents: [], logs: [], matches: [], state: '₹'.repeat(100000) })`,
    ),
    expected: PluginLimitExceeded,
    check: (e) => expect(e.message).toMatch(/returned 300\d\d\d bytes/),
  },
]

const thrown: HostileCase[] = [
  {
    name: 'throw 42',
    code: onBatch('throw 42'),
    expected: PluginCrashed,
    check: threw('NonError', /threw 42/),
  },
  {
    name: 'throw null',
    code: onBatch('throw null'),
    expected: PluginCrashed,
    check: threw('NonError', /threw null/),
  },
  {
    name: 'throw undefined',
    code: onBatch('throw undefined'),
    expected: PluginCrashed,
    check: threw('NonError', /threw undefined/),
  },
  {
    name: 'throw a string',
    code: onBatch("throw 'plain string'"),
    expected: PluginCrashed,
    check: threw('NonError', /threw the string "plain string"/),
  },
  {
    name: 'throw a symbol',
    code: onBatch("throw Symbol('s')"),
    expected: PluginCrashed,
    check: threw('NonError', /threw a symbol/),
  },
  {
    name: 'throw a plain object',
    code: onBatch('throw { code: 7 }'),
    expected: PluginCrashed,
    check: threw('NonError', /not an Error/),
  },
  {
    name: 'throw an object whose getters throw',
    code: onBatch("throw { get name() { throw new Error('inner') }, get message() { throw 1 } }"),
    expected: PluginCrashed,
    check: threw('NonError', /could not be read/),
  },
  {
    name: 'throw an Error with a host path and a huge message',
    code: onBatch(
      "throw new Error('open /work/main/core/secret.env failed ' + 'z'.repeat(100000))",
    ),
    expected: PluginCrashed,
    check: (e) => {
      expect(e.message).toMatch(/open <path> failed z+/)
      expect(e.message.length).toBeLessThanOrEqual(1_000)
    },
  },
  {
    name: 'throw an Error subclass with a custom name',
    code: onBatch(
      "class StrategyError extends Error { name = 'StrategyError' }; throw new StrategyError('bad signal')",
    ),
    expected: PluginCrashed,
    check: threw('StrategyError', /bad signal/),
  },
  {
    name: 'a dispatch that disappears is reported',
    code: dispatchScript("if (msg.kind === 'batch') delete globalThis.__vmAlgoDispatch"),
    batches: 2,
    expected: PluginOutputInvalid,
    check: (e) => expect(e.message).toMatch(/no longer defines globalThis.__vmAlgoDispatch/),
  },
]

describeHostile('hostile plugins: values crossing back and thrown values', [...values, ...thrown])
