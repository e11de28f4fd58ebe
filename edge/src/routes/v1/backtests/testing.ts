// Helpers for this folder's tests (Web APIs only, like the routes).

export interface SseEvent {
  event: string
  id?: string
  data: Record<string, unknown>
}

/**
 * Reads a Server-Sent Events response as a client would, calling `onEvent` for each event in
 * order (it may await, e.g. to let the job move on), until the server closes the stream.
 * Returns the events and the comments seen.
 */
export async function readEvents(
  res: Response,
  onEvent: (event: SseEvent) => void | Promise<void> = () => {},
): Promise<{ events: SseEvent[]; comments: string[] }> {
  const events: SseEvent[] = []
  const comments: string[] = []
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += value
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      end = buffer.indexOf('\n\n')
      const fields: Record<string, string> = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim())
        else {
          const colon = line.indexOf(':')
          fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart()
        }
      }
      if (fields.data === undefined) continue
      const event: SseEvent = {
        event: fields.event ?? 'message',
        ...(fields.id ? { id: fields.id } : {}),
        data: JSON.parse(fields.data),
      }
      events.push(event)
      await onEvent(event)
    }
  }
  return { events, comments }
}

/** A daily backtest request of one bundled stock, for POST /api/v1/backtests. */
export const dailyBacktest = (overrides: Record<string, unknown> = {}) => ({
  example: 'sma-crossover',
  symbols: ['reliance'],
  timeframe: '1d',
  from: '2023-01-01',
  to: '2023-12-31',
  capital: 1_000_000,
  params: { lookback: 20 },
  ...overrides,
})
