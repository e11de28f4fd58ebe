export { canonicalJson } from './canonical.ts'
export {
  type AuditEntry,
  type AuditEvent,
  type AuditRecord,
  appendAudit,
  entryHash,
  GENESIS_HASH,
  PLATFORM_CHAIN,
} from './chain.ts'
export { requestActor } from './request.ts'
export { type ChainBreak, type ChainVerdict, verifyChain } from './verify.ts'
