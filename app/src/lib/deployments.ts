import type { InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'

type Deployments = Api['api']['v1']['deployments']

export type Deployment = InferResponseType<Deployments[':deploymentId']['$get'], 200>
export type DeploymentStatus = Deployment['status']
export type LogEntry = InferResponseType<
  Deployments[':deploymentId']['logs']['$get'],
  200
>['items'][number]
export type IntentEntry = InferResponseType<
  Deployments[':deploymentId']['intents']['$get'],
  200
>['items'][number]

export type Action = 'start' | 'pause' | 'stop'

/**
 * What a user may do in each status, as the edge allows it (its `TRANSITIONS`; the contract is
 * edge/src/routes/v1/deployments/README.md). Other buttons are not shown, so no click ends in
 * a 409 unless the status changed meanwhile.
 */
const FROM: Record<Action, readonly DeploymentStatus[]> = {
  start: ['paused', 'stopped', 'failed'],
  pause: ['starting', 'running'],
  stop: ['starting', 'running', 'paused', 'failed'],
}

/** @example allowedActions('running') // ['pause', 'stop'] */
export const allowedActions = (status: DeploymentStatus): Action[] =>
  (['start', 'pause', 'stop'] as const).filter((a) => FROM[a].includes(status))

export const ACTION_LABEL: Record<Action, string> = { start: 'Start', pause: 'Pause', stop: 'Stop' }

/** Statuses in which the engine is (or will shortly be) working on it: pages refresh then. */
export const isLive = (status: DeploymentStatus): boolean =>
  status === 'starting' || status === 'running'

export const STATUS_TONE: Record<DeploymentStatus, 'ok' | 'warning' | 'danger' | 'neutral'> = {
  starting: 'warning',
  running: 'ok',
  paused: 'neutral',
  stopped: 'neutral',
  failed: 'danger',
}

export const STATUS_HELP: Record<DeploymentStatus, string> = {
  starting: 'Waiting for the engine to start it.',
  running: 'Running on the live feed, in paper mode.',
  paused: 'Paused: it keeps its state and receives no data.',
  stopped: 'Stopped. Start it again when you like.',
  failed: 'Stopped by an error.',
}

/**
 * One order intent in words, as a trader reads it.
 *
 * @example describeIntent({ action: 'place', side: 'BUY', qty: 10, symbol: 'TCS', orderType: 'MARKET', product: 'CNC' })
 * // 'BUY 10 TCS · MARKET · CNC'
 */
export function describeIntent(intent: Record<string, unknown>): string {
  const text = (key: string) => {
    const v = intent[key]
    return typeof v === 'string' || typeof v === 'number' ? String(v) : ''
  }
  const id = text('clientOrderId')
  switch (intent.action) {
    case 'place': {
      const price = text('price') ? ` @ ${text('price')}` : ''
      const trigger = text('triggerPrice') ? ` trigger ${text('triggerPrice')}` : ''
      const head = [text('side'), text('qty'), text('symbol')].filter(Boolean).join(' ')
      return [`${head}${price}${trigger}`, text('orderType'), text('product')]
        .filter(Boolean)
        .join(' · ')
    }
    case 'modify': {
      const changes = ['qty', 'price', 'triggerPrice']
        .filter((k) => text(k))
        .map((k) => `${k} ${text(k)}`)
        .join(', ')
      return `Modify ${id}${changes ? `: ${changes}` : ''}`
    }
    case 'cancel':
      return `Cancel ${id}`
    default:
      return JSON.stringify(intent)
  }
}
