import type { PluginKind, PluginManifest } from '@vm-algo/plugins'
import { JobFailure } from '../../jobs/errors.ts'
import type { BacktestRequest } from '../../jobs/request.ts'
import type { Tier } from '../../sandbox/limits.ts'

// What a job runs, and the checks and parameters of its runs. Light on purpose: the worker
// threads of a grid import it (loading a system, with the compiler, is load-system.ts).

/** What a job runs: a compiled plugin, what it declares, and the sandbox tier it runs in. */
export interface TradingSystem {
  /** One classic script defining `globalThis.__vmAlgoDispatch` (the compiler's output). */
  code: string
  manifest: PluginManifest
  tier: Tier
  /** How reasons name it: the example's name, or "plugin version plv_…". */
  label: string
}

/** Fails unless the system is a strategy (or a scanner) and declares every requested symbol. */
export function checkSystem(
  system: TradingSystem,
  kind: PluginKind,
  request: Pick<BacktestRequest, 'symbols' | 'timeframe'>,
): void {
  const { manifest, label } = system
  if (manifest.kind !== kind) {
    throw new JobFailure(
      kind === 'strategy'
        ? `${label} is a scanner: backtest it as a scan (it lists matches, it does not trade).`
        : `${label} is a strategy, not a scanner.`,
    )
  }
  const verb = kind === 'strategy' ? 'trades' : 'scans'
  const outside = request.symbols.filter((s) => !manifest.universe.includes(s))
  if (outside.length > 0) {
    throw new JobFailure(
      `${label} ${verb} ${manifest.universe.join(', ')}; not ${outside.join(', ')}.`,
    )
  }
  if (kind === 'scanner' && !manifest.timeframes.includes(request.timeframe)) {
    throw new JobFailure(
      `${label} scans ${manifest.timeframes.join(', ')} bars; not ${request.timeframe}.`,
    )
  }
}

type Scalar = number | string | boolean

/**
 * The plugin's parameters for one run: the request's, then the combination's (a sweep's grid),
 * and the request's `timeframe`/`costs.product` for the plugin's `timeframe`/`product`
 * parameters when neither sets them.
 */
export function runParams(
  system: TradingSystem,
  request: Pick<BacktestRequest, 'params' | 'timeframe' | 'costs'>,
  combination: Readonly<Record<string, Scalar>> = {},
): Record<string, Scalar> {
  const params: Record<string, Scalar> = { ...request.params, ...combination }
  if ('timeframe' in system.manifest.params) params.timeframe ??= request.timeframe
  if ('product' in system.manifest.params) params.product ??= request.costs.product
  return params
}
