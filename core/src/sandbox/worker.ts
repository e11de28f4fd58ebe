/**
 * Entry of a sandbox worker process (forked by the pool with `--no-node-snapshot`, Node's
 * permission model and an empty environment). Hosts the isolates the pool assigns to it, one
 * per sandbox, and answers the pool's messages. Holds no secrets, orders or connections: if a
 * plugin brings it down, only its isolates are lost.
 */
import { IsolateRunner, type Outcome } from './isolate-runner.ts'
import type { FromWorker, ToWorker } from './messages.ts'

const runners = new Map<string, IsolateRunner>()

function send(message: FromWorker, then?: () => void): void {
  if (!process.connected) return
  process.send?.(message, undefined, {}, () => then?.())
}

// isolated-vm calls this on the main thread when it lost control of an isolate (out of memory
// inside V8, or a termination that did not take); the isolate's thread never returns. Its
// README says to end the process; process.exit would wait for that thread, so kill outright.
function catastrophic(sandboxId: string, message: string): void {
  const die = () => process.kill(process.pid, 'SIGKILL')
  setTimeout(die, 200).unref()
  send({ type: 'catastrophic', sandboxId, message: message.slice(0, 200) }, die)
}

async function handle(m: ToWorker): Promise<void> {
  let outcome: Outcome
  if (m.op === 'load') {
    runners.get(m.sandboxId)?.dispose()
    const runner = new IsolateRunner(m.memoryMb, (msg) => catastrophic(m.sandboxId, msg))
    runners.set(m.sandboxId, runner)
    outcome = await runner.load(m.code, m.maxResultBytes, m.budget)
  } else if (m.op === 'call') {
    const runner = runners.get(m.sandboxId)
    outcome = runner
      ? await runner.activate('call', m.input, m.now, m.seed, m.budget, m.block)
      : { ok: false, failure: { kind: 'disposed', disposed: true } }
  } else {
    runners.get(m.sandboxId)?.dispose()
    runners.delete(m.sandboxId)
    outcome = { ok: true, out: '', stats: { cpuMs: 0, heapBytes: 0 } }
  }
  if (!outcome.ok && outcome.failure.disposed && m.op !== 'dispose') {
    runners.get(m.sandboxId)?.dispose()
    runners.delete(m.sandboxId)
  }
  send({ type: 'result', id: m.id, ...outcome })
}

process.on('message', (m: ToWorker) => {
  handle(m).catch(() => {
    runners.get(m.sandboxId)?.dispose()
    runners.delete(m.sandboxId)
    send({ type: 'result', id: m.id, ok: false, failure: { kind: 'disposed', disposed: true } })
  })
})
// The pool is gone (it exited or closed us): nothing here is worth finishing. SIGKILL rather
// than exit, which could wait on a stuck isolate thread.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'))
send({ type: 'ready', pid: process.pid })
