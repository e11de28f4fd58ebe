import { createCopy, downloadText } from '../../lib/clipboard.ts'
import { BAR_HEADER } from '../../lib/csv-preview.ts'

/** Real bars: the first daily rows of the bundled RELIANCE file (core/data/nse). */
export const SAMPLE_CSV = `${[
  BAR_HEADER,
  '2020-10-01T00:00:00+05:30,1078.9,1078.9,1055.2,1060.55,20124778',
  '2020-10-05T00:00:00+05:30,1069.5,1071.95,1051.4,1054.3,18323314',
  '2020-10-06T00:00:00+05:30,1060.55,1064.7,1049.3,1053.45,17829110',
  '2020-10-07T00:00:00+05:30,1065.2,1100.5,1058.05,1075.9,51486834',
].join('\n')}\n`

/**
 * The CSV format the core checks imports against (core/src/market/import.ts), rule by rule,
 * with a sample to copy or download.
 */
export function CsvFormat() {
  const copy = createCopy('Copy sample')
  return (
    <div class="csv-format">
      <h3>The CSV format</h3>
      <ul>
        <li>
          The first line is exactly <code>{BAR_HEADER}</code>.
        </li>
        <li>
          Then one bar per line, in time order: the time the bar <em>opens</em> in ISO 8601 with its
          offset, such as <code>2024-01-02T09:15:00+05:30</code>; no empty lines.
        </li>
        <li>
          Prices are positive plain numbers (no commas or currency signs) with low ≤ open, close ≤
          high; volume is 0 or more.
        </li>
        <li>
          Bars sit on their timeframe's grid: 1-minute bars on whole minutes, 5- and 15-minute bars
          every 5 or 15 minutes from 09:15 IST, daily bars at 00:00 IST of their day. Intraday bars
          start at 09:00 IST or later.
        </li>
        <li>One symbol at one timeframe per file; at most 8 MiB and 200,000 bars.</li>
      </ul>
      <p class="small muted">Daily RELIANCE bars, for example:</p>
      <pre class="csv-sample">{SAMPLE_CSV}</pre>
      <p class="actions">
        <button type="button" class="secondary small" onClick={() => copy.copy(SAMPLE_CSV)}>
          {copy.label()}
        </button>
        <button
          type="button"
          class="secondary small"
          onClick={() => downloadText('RELIANCE_1d_sample.csv', SAMPLE_CSV)}
        >
          Download sample
        </button>
      </p>
    </div>
  )
}
