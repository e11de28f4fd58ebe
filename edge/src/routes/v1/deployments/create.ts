import { isId, schema, withTenant } from '@vm-algo/db'
import { validateParams } from '@vm-algo/plugins'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf, findVersion } from '../plugins/store.ts'
import { knownSymbols, SymbolsSchema } from '../plugins/symbols.ts'
import {
  assertRoomForOneMore,
  DeploymentSchema,
  findDeployment,
  presentDeployment,
} from './schemas.ts'

const CreateDeploymentSchema = z.object({
  pluginVersionId: z
    .string()
    .refine((v) => isId('pluginVersion', v), 'must be a plugin version id (plv_…)')
    .openapi({ description: 'A version of one of your strategies' }),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .openapi({
      description: "Values of the strategy's parameters; the manifest's defaults fill the rest",
      example: { fast: 10, slow: 30 },
    }),
  symbols: SymbolsSchema.optional().openapi({
    description: "Instruments it runs on: its manifest's universe (the default), or some of them",
    example: ['RELIANCE', 'TCS'],
  }),
  mode: z.enum(['paper', 'live']).default('paper').openapi({
    description: '`paper` only for now: `live` answers 409 `live_trading_unavailable`',
  }),
})

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['Deployments'],
  summary: 'Deploys a strategy version in paper mode',
  description:
    "Checks the parameters against the version's manifest (400 `validation_failed`, one entry per parameter) and the symbols against the market-data catalog, then records the deployment as `starting`: the engine picks it up, runs it on the live feed (`running`) and records its order intents and logs. Plans limit how many deployments are starting, running or paused at once (402 `plan_limit_reached`). Live trading needs the `trade` permission (402 without it) and is not available yet: `mode: live` answers 409 `live_trading_unavailable` until the trading work lands.",
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(CreateDeploymentSchema) } },
  responses: {
    201: { description: 'Deployed (status `starting`)', content: json(DeploymentSchema) },
    ...problems(400, 401, 402, 403, 404, 409, 422, 503),
  },
})

/** POST /api/v1/deployments */
export const createDeployment = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const body = c.req.valid('json')
  if (body.mode === 'live') {
    if (!auth.permissions.includes('trade')) {
      throw new ApiError(
        'payment_required',
        `Your ${auth.tier} plan does not include live trading ("trade"). Upgrade to use it.`,
      )
    }
    throw new ApiError(
      'live_trading_unavailable',
      'Live trading is not available yet; deploy with mode "paper".',
    )
  }
  const db = databaseOf(c)
  const version = await withTenant(db, auth, (tx) =>
    findVersion(tx, auth.tenantId, body.pluginVersionId, {
      want: 'strategy',
      instead: 'run scanners with POST /api/v1/scans',
    }),
  )
  const params = validateParams(version.manifest.params, body.params ?? {})
  if (!params.ok) {
    throw new ApiError('validation_failed', 'Some parameters are not valid for this strategy.', {
      issues: params.issues.map((i) => ({
        path: i.param ? `params.${i.param}` : 'params',
        message: i.message,
      })),
    })
  }
  const { universe } = version.manifest
  const symbols = await knownSymbols(c, body.symbols ?? universe, 'symbols', universe)
  const { deployments } = schema
  const row = await withTenant(db, auth, async (tx) => {
    await assertRoomForOneMore(tx, auth.tenantId, auth.tier)
    const [inserted] = await tx
      .insert(deployments)
      .values({
        tenantId: auth.tenantId,
        pluginVersionId: version.id,
        userId: auth.userId,
        mode: 'paper',
        status: 'starting',
        params: params.values,
        symbols,
      })
      .returning({ id: deployments.id })
    return findDeployment(tx, auth.tenantId, inserted!.id)
  })
  c.header('location', `/api/v1/deployments/${row.deployment.id}`)
  return c.json(presentDeployment(row), 201)
})
