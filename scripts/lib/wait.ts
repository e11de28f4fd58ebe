/** Polls `url` until it answers (any HTTP status below 500, or one of `okStatuses`). */
export async function waitForHttp(
  url: string,
  options: { timeoutMs?: number; okStatuses?: number[]; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (options.isAlive && !options.isAlive()) throw new Error(`gave up on ${url}: process exited`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.body?.cancel()
      if (res.status < 500 || options.okStatuses?.includes(res.status)) return
      last = `HTTP ${res.status}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`${url} did not come up: ${last}`)
}
