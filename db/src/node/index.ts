export { type EmbeddedServer, serveEmbedded } from './embedded-server.ts'
export { migrateDatabase, migrationsFolder } from './migrate.ts'
export {
  type DatabaseHandle,
  type Driver,
  type Engine,
  type OpenOptions,
  openDatabase,
  pgliteDir,
} from './open.ts'
