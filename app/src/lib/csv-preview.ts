// A CSV of bars as the import form shows it before uploading: its header, first rows and how
// many bars it holds, numbered as the core numbers lines in its complaints (the header is
// line 1), so a refused line can be pointed at.

/** The header the core expects, exactly (core/src/market/csv.ts). */
export const BAR_HEADER = 'timestamp,open,high,low,close,volume'

/** Largest CSV the edge accepts, in characters (JavaScript string length), as it counts. */
export const MAX_CSV_CHARS = 8 * 1024 * 1024

export interface CsvPreview {
  /** The header's fields. */
  header: string[]
  /** Whether the header is the expected one. */
  headerOk: boolean
  /** The first data rows, with their line numbers in the file. */
  rows: Array<{ line: number; cells: string[] }>
  /** Data rows in the whole file: lines after the header, a final line break not counted. */
  count: number
}

/**
 * The header, the first `rows` data rows and the row count of `csv`, without splitting the
 * whole file (it may hold 100,000 lines).
 *
 * @example previewCsv('timestamp,open\n2024-01-01,1\n2024-01-02,2\n', 1).count // 2
 */
export function previewCsv(csv: string, rows = 10): CsvPreview {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv
  const headerLine = lineAt(text, 1) ?? ''
  const preview: CsvPreview = {
    header: headerLine.split(','),
    headerOk: headerLine === BAR_HEADER,
    rows: [],
    count: Math.max(countLines(text) - 1, 0),
  }
  for (let line = 2; line < rows + 2; line++) {
    const row = lineAt(text, line)
    if (row === undefined || (row === '' && line > preview.count + 1)) break
    preview.rows.push({ line, cells: row.split(',') })
  }
  return preview
}

/**
 * Line `n` of `text` (1-based, without its line break), or undefined past the end.
 *
 * @example lineAt('a\r\nb\n', 2) // 'b'
 */
export function lineAt(text: string, n: number): string | undefined {
  if (n < 1) return undefined
  let start = 0
  for (let line = 1; line < n; line++) {
    const next = text.indexOf('\n', start)
    if (next < 0) return undefined
    start = next + 1
  }
  if (start > text.length) return undefined
  const end = text.indexOf('\n', start)
  const found = text.slice(start, end < 0 ? text.length : end)
  return found.endsWith('\r') ? found.slice(0, -1) : found
}

/** Lines in `text`, a final line break not starting another. */
function countLines(text: string): number {
  if (text === '') return 0
  let n = 1
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) n++
  return text.endsWith('\n') ? n - 1 : n
}
