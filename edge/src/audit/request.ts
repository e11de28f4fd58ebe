import type { Context } from 'hono'
import { clientIp } from '../limits/client-ip.ts'
import type { Env } from '../services.ts'
import type { AuditEvent } from './chain.ts'

/**
 * Who is acting in this request and from where, for an audit entry: the signed-in user (after
 * `requireAuth`) and the client address as the rate limiter sees it.
 *
 * @example
 * await appendAudit(tx, { tenantId, ...requestActor(c), action: 'team.member_removed', target })
 */
export function requestActor(c: Context<Env>): Pick<AuditEvent, 'actorUserId' | 'ip'> {
  return {
    actorUserId: c.get('auth')?.userId ?? null,
    ip: clientIp(c, c.get('services')) ?? null,
  }
}
