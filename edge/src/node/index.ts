export { type RunningEdge, startEdge } from './server.ts'
