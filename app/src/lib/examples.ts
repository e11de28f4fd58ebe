// The SDK's example plugins, to start a new plugin from. The API has no endpoint for them, so
// the build takes their source from plugins/examples (the files the core's tests compile and
// backtest): the editor always offers exactly what the SDK ships.
import high52Week from '../../../plugins/examples/high-52-week-scanner.ts?raw'
import openingRange from '../../../plugins/examples/opening-range-breakout.ts?raw'
import rsiMeanReversion from '../../../plugins/examples/rsi-mean-reversion.ts?raw'
import rsiOversold from '../../../plugins/examples/rsi-oversold-scanner.ts?raw'
import smaCrossover from '../../../plugins/examples/sma-crossover.ts?raw'
import type { PluginKind } from './plugins.ts'

export interface Example {
  /** For addresses: `/plugins/new?example=sma-crossover`. */
  id: string
  name: string
  kind: PluginKind
  /** The first sentence of the file's opening comment. */
  summary: string
  source: string
}

/**
 * An example's name (its manifest's), kind and summary, read from its source.
 *
 * @example describeExample('sma-crossover', source).name // 'Moving-average crossover'
 */
export function describeExample(id: string, source: string): Example {
  const name = /\bname:\s*'([^']+)'/.exec(source)?.[1] ?? id
  const kind: PluginKind = /\bdefineScanner\s*\(/.test(source) ? 'scanner' : 'strategy'
  const comment = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? ''
  const prose = comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .trim()
  const summary = /^.*?[.!?](?=\s|$)/.exec(prose)?.[0] ?? prose
  return { id, name, kind, summary, source }
}

/** The examples, strategies first. */
export const EXAMPLES: readonly Example[] = [
  describeExample('sma-crossover', smaCrossover),
  describeExample('rsi-mean-reversion', rsiMeanReversion),
  describeExample('opening-range-breakout', openingRange),
  describeExample('rsi-oversold-scanner', rsiOversold),
  describeExample('high-52-week-scanner', high52Week),
]

export const findExample = (id: string | undefined): Example | undefined =>
  EXAMPLES.find((e) => e.id === id)

/** What a blank new plugin starts with: the smallest strategy that compiles. */
export const BLANK_STRATEGY = `import { defineStrategy, param } from '@vm-algo/sdk'

export default defineStrategy({
  manifest: {
    name: 'My strategy',
    version: '1.0.0',
    universe: ['NIFTY50'],
    timeframes: ['1m'],
  },
  params: {
    qty: param.int({ default: 1, min: 1, label: 'Quantity' }),
  },

  onBar(ctx, { symbol, bar }) {
    ctx.log.info(\`\${symbol} closed at \${bar.close}\`)
  },
})
`
