import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import {
  ACTIVE_STATUSES,
  assertRoomForOneMore,
  type Deployment,
  DeploymentIdParam,
  DeploymentSchema,
  findDeployment,
  lockTenant,
  presentDeployment,
} from './schemas.ts'

type Status = Deployment['status']
type Action = 'start' | 'pause' | 'stop'

/**
 * What a user may do in each status. `start` asks the engine to run it (`starting`); `pause`
 * and `stop` take effect at its next batch. See README.md for the engine's side.
 */
export const TRANSITIONS: Record<Action, { from: readonly Status[]; to: Status; summary: string }> =
  {
    start: {
      from: ['paused', 'stopped', 'failed'],
      to: 'starting',
      summary: 'Starts a paused, stopped or failed deployment again (status `starting`)',
    },
    pause: {
      from: ['starting', 'running'],
      to: 'paused',
      summary: 'Pauses a deployment: it keeps its state and place, and receives no data',
    },
    stop: {
      from: ['starting', 'running', 'paused', 'failed'],
      to: 'stopped',
      summary: 'Stops a deployment; start it again later if you like',
    },
  }

function transitionRoute(action: Action) {
  const { from, to, summary } = TRANSITIONS[action]
  const route = createRoute({
    method: 'post',
    path: `/{deploymentId}/${action}`,
    tags: ['Deployments'],
    summary,
    description: `Allowed from ${from.map((s) => `\`${s}\``).join(', ')}; from any other status it is a 409 \`invalid_transition\`.${action === 'start' ? ' Starting a stopped or failed deployment takes a place in the plan’s limit again (402 `plan_limit_reached` when none is free).' : ''}`,
    middleware: [requireAuth()] as const,
    security: [{ bearer: [] }],
    request: { params: DeploymentIdParam },
    responses: {
      200: { description: `The deployment, now \`${to}\``, content: json(DeploymentSchema) },
      ...problems(400, 401, 402, 403, 404, 409),
    },
  })
  return router().openapi(route, async (c) => {
    const auth = c.get('auth')
    const { deploymentId } = c.req.valid('param')
    const { deployments } = schema
    const row = await withTenant(databaseOf(c), auth, async (tx) => {
      // Tenant row, then deployment row: the order deploying locks them in too.
      if (action === 'start') await lockTenant(tx, auth.tenantId)
      const current = await findDeployment(tx, auth.tenantId, deploymentId, true)
      const status = current.deployment.status
      if (!from.includes(status)) {
        throw new ApiError(
          'invalid_transition',
          `This deployment is ${status}; it cannot ${action} (possible: ${possible(status)}).`,
        )
      }
      if (action === 'start' && !(ACTIVE_STATUSES as readonly Status[]).includes(status)) {
        await assertRoomForOneMore(tx, auth.tenantId, auth.tier)
      }
      await tx
        .update(deployments)
        .set({
          status: to,
          ...(action === 'start' ? { error: null, stoppedAt: null } : {}),
          ...(action === 'stop' ? { stoppedAt: new Date() } : {}),
        })
        .where(and(eq(deployments.tenantId, auth.tenantId), eq(deployments.id, deploymentId)))
      return findDeployment(tx, auth.tenantId, deploymentId)
    })
    return c.json(presentDeployment(row), 200)
  })
}

function possible(status: Status): string {
  const actions = (Object.keys(TRANSITIONS) as Action[]).filter((a) =>
    TRANSITIONS[a].from.includes(status),
  )
  return actions.length > 0 ? actions.join(', ') : 'none'
}

/** POST /api/v1/deployments/{deploymentId}/start */
export const startDeployment = transitionRoute('start')
/** POST /api/v1/deployments/{deploymentId}/pause */
export const pauseDeployment = transitionRoute('pause')
/** POST /api/v1/deployments/{deploymentId}/stop */
export const stopDeployment = transitionRoute('stop')
