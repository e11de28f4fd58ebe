import vm from 'node:vm'
import {
  type BatchOutput,
  batchOutputSchema,
  DISPATCH_GLOBAL,
  type DispatchInput,
  type PluginManifest,
} from '@vm-algo/plugins'

/** A compiled plugin loaded for a test: `send` speaks the wire protocol and validates output. */
export interface VmPlugin {
  send(input: DispatchInput): BatchOutput
  describe(): { manifest: PluginManifest; sdkVersion: string }
}

/**
 * Loads a compiled bundle into a bare `node:vm` context (ECMAScript built-ins only: no
 * console, process, timers or Buffer) and drives it through `__vmAlgoDispatch`, validating
 * every output with the host's schema. For tests: `node:vm` is not a security boundary; the
 * platform runs plugins in isolated-vm.
 */
export function loadInVm(js: string): VmPlugin {
  const context = vm.createContext(Object.create(null))
  vm.runInContext(js, context, { timeout: 5_000, filename: 'plugin.js' })
  const dispatch = vm.runInContext(DISPATCH_GLOBAL, context) as (input: string) => string
  const call = (input: DispatchInput): unknown => JSON.parse(dispatch(JSON.stringify(input)))
  return {
    send(input) {
      const parsed = batchOutputSchema.safeParse(call(input))
      if (!parsed.success)
        throw new Error(`output fails the host's schema: ${parsed.error.message}`)
      return parsed.data as BatchOutput
    },
    describe: () => call({ kind: 'describe' }) as { manifest: PluginManifest; sdkVersion: string },
  }
}
