/** A backtest set up wrongly (no feeds, bad capital, unsorted bars, …); `field` names the input. */
export class BacktestConfigError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.name = 'BacktestConfigError'
    this.field = field
  }
}

/** The run was cancelled through its AbortSignal; `fraction` says how far it got. */
export class BacktestAbortedError extends Error {
  readonly fraction: number
  constructor(fraction: number) {
    super(`backtest cancelled at ${(fraction * 100).toFixed(1)} %`)
    this.name = 'BacktestAbortedError'
    this.fraction = fraction
  }
}

/** A strategy broke its contract with the host (e.g. a promise from a synchronous run). */
export class StrategyContractError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StrategyContractError'
  }
}
