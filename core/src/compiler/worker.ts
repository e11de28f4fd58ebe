// The compiler's worker thread: compiles one source at a time for `createPluginCompiler`,
// which terminates this thread when a compile overruns its time limit.
import { parentPort } from 'node:worker_threads'
import { compileInThread, warmCompiler } from './compile.ts'
import type { CompileResult } from './types.ts'

export type WorkerRequest =
  | { id: number; kind: 'warm' }
  | { id: number; kind: 'compile'; source: string }
export type WorkerReply = { id: number; result?: CompileResult; failed?: string }

parentPort?.on('message', async (request: WorkerRequest) => {
  try {
    if (request.kind === 'warm') {
      warmCompiler()
      parentPort?.postMessage({ id: request.id } satisfies WorkerReply)
    } else {
      const result = await compileInThread(request.source)
      parentPort?.postMessage({ id: request.id, result } satisfies WorkerReply)
    }
  } catch (e) {
    // The name only: messages and stacks of unexpected errors may hold host paths.
    parentPort?.postMessage({
      id: request.id,
      failed: e instanceof Error ? e.name : 'Error',
    } satisfies WorkerReply)
  }
})
