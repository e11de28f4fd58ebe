// The compiler's child process: compiles one source at a time for `createPluginCompiler`,
// which kills this process when a compile overruns its time limit.
import { compileInThread, warmCompiler } from './compile.ts'
import type { CompileResult } from './types.ts'

export type WorkerRequest =
  | { id: number; kind: 'warm' }
  | { id: number; kind: 'compile'; source: string }
export type WorkerReply = { id: number; result?: CompileResult; failed?: string }

const reply = (r: WorkerReply) => process.send?.(r)

process.on('message', async (request: WorkerRequest) => {
  try {
    if (request.kind === 'warm') {
      warmCompiler()
      reply({ id: request.id } satisfies WorkerReply)
    } else {
      const result = await compileInThread(request.source)
      reply({ id: request.id, result } satisfies WorkerReply)
    }
  } catch (e) {
    // The name only: messages and stacks of unexpected errors may hold host paths.
    reply({
      id: request.id,
      failed: e instanceof Error ? e.name : 'Error',
    } satisfies WorkerReply)
  }
})
