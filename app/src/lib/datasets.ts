import type { InferRequestType, InferResponseType } from 'hono/client'
import { type Api, api, read } from './api/client.ts'
import { ApiProblem, networkProblem, problemOf } from './api/problem.ts'
import { formatDate, formatDateTime } from './format.ts'

type Datasets = Api['api']['v1']['datasets']

export type Dataset = InferResponseType<Datasets[':datasetId']['$get'], 200>
export type NewDataset = InferRequestType<Datasets['$post']>['json']

/**
 * A CSV the core refused: besides the problem's words, the line it is about (the header is
 * line 1) and what is wrong there, so the form can point at the row.
 */
export class CsvRefused extends ApiProblem {
  readonly line: number
  readonly reason: string

  constructor(problem: ApiProblem, place: { line: number; reason: string }) {
    super({
      status: problem.status,
      code: problem.code,
      title: problem.title,
      message: problem.message,
      fields: { ...problem.fields },
      requestId: problem.requestId,
    })
    this.line = place.line
    this.reason = place.reason
  }
}

/**
 * The first diagnostic of an `invalid_csv` problem body: `{ line, reason }`, or undefined
 * when the body carries none.
 *
 * @example csvDiagnostic({ code: 'invalid_csv', diagnostics: [{ line: 6, message: 'high 9 is below low 10' }] })
 */
export function csvDiagnostic(body: unknown): { line: number; reason: string } | undefined {
  if (!body || typeof body !== 'object') return undefined
  const { code, diagnostics } = body as { code?: unknown; diagnostics?: unknown }
  if (code !== 'invalid_csv' || !Array.isArray(diagnostics)) return undefined
  const first = diagnostics[0] as { line?: unknown; message?: unknown } | undefined
  if (typeof first?.line !== 'number' || !Number.isInteger(first.line) || first.line < 1)
    return undefined
  return { line: first.line, reason: typeof first.message === 'string' ? first.message : '' }
}

/** The answer of a call, or the problem of one that got none (as `read` says it). */
async function answer<R>(pending: Promise<R>): Promise<R> {
  try {
    return await pending
  } catch (error) {
    throw error instanceof ApiProblem ? error : networkProblem()
  }
}

/**
 * Imports a CSV as a dataset. A refused row throws a CsvRefused naming its line; any other
 * failure an ApiProblem, as `read` does.
 */
export async function importDataset(body: NewDataset): Promise<Dataset> {
  const response = await answer(api().api.v1.datasets.$post({ json: body }))
  // Typed as 201 only: the route's problems are described in OpenAPI, not in Hono's types.
  if ((response.status as number) === 422) {
    // `read` keeps the words of a problem, not its diagnostics: take them from a copy first.
    const place = csvDiagnostic(
      await response
        .clone()
        .json()
        .catch(() => null),
    )
    const problem = await problemOf(response as unknown as Response)
    throw place ? new CsvRefused(problem, place) : problem
  }
  return read(Promise.resolve(response))
}

/** The most datasets a picker lists: ten pages of the largest size the API serves. */
const LISTED_AT_MOST = 1_000

/** The workspace's datasets, newest first, every page of them (up to 1,000): for pickers. */
export async function listAllDatasets(): Promise<Dataset[]> {
  const all: Dataset[] = []
  let cursor: string | undefined
  do {
    // Each page needs the cursor of the one before: the pages come one after another.
    const page = await read(
      api().api.v1.datasets.$get({ query: { limit: '100', ...(cursor ? { cursor } : {}) } }),
    )
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && all.length < LISTED_AT_MOST)
  return all
}

/**
 * The workspace's datasets of these ids, by id; undefined for one it no longer holds (deleted
 * since a backtest ran on it).
 */
export async function findDatasets(
  ids: readonly string[],
): Promise<Map<string, Dataset | undefined>> {
  const found = await Promise.all(
    ids.map(async (id) => {
      try {
        return await read(api().api.v1.datasets[':datasetId'].$get({ param: { datasetId: id } }))
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return undefined
        throw error
      }
    }),
  )
  return new Map(ids.map((id, i) => [id, found[i]]))
}

/** The file name in a `content-disposition` header, if it gives one. */
export function attachmentName(header: string | null): string | undefined {
  return header?.match(/filename="([^"]+)"/)?.[1]
}

/** A dataset's CSV as it was imported, with the file name the edge gives it. */
export async function downloadCsv(dataset: Dataset): Promise<{ name: string; text: string }> {
  const response = (await answer(
    api().api.v1.datasets[':datasetId'].csv.$get({ param: { datasetId: dataset.id } }),
  )) as unknown as Response
  if (!response.ok) throw await problemOf(response)
  return {
    name:
      attachmentName(response.headers.get('content-disposition')) ??
      `${dataset.symbol}_${dataset.timeframe}.csv`,
    text: await response.text(),
  }
}

const BINARY_UNITS = ['KiB', 'MiB', 'GiB']

/**
 * A size in bytes for people: bytes below 1 KiB, then KiB or MiB with one decimal under 10.
 *
 * @example formatBytes(1_536) // '1.5 KiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes
  let unit = ''
  for (const next of BINARY_UNITS) {
    if (value < 1024) break
    value /= 1024
    unit = next
  }
  return `${value < 10 ? Math.round(value * 10) / 10 : Math.round(value)} ${unit}`
}

/**
 * The dates a dataset's bars span, in IST: days for daily bars, times of day for intraday.
 *
 * @example barSpan({ timeframe: '1d', firstBar: '2020-09-30T18:30:00.000Z', lastBar: '2020-11-11T18:30:00.000Z' }) // '1 Oct 2020 – 12 Nov 2020'
 */
export function barSpan(dataset: Pick<Dataset, 'timeframe' | 'firstBar' | 'lastBar'>): string {
  const format = dataset.timeframe === '1d' ? formatDate : formatDateTime
  if (dataset.firstBar === dataset.lastBar) return format(dataset.firstBar)
  const first = format(dataset.firstBar)
  const last = format(dataset.lastBar)
  // One "IST" for the pair reads better than two.
  return `${first.replace(/ IST$/, '')} – ${last}`
}
