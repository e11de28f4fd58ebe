import { PGlite } from '@electric-sql/pglite'
import { migrateDatabase, openDatabase } from './src/node/index.ts'

let t = performance.now()
const h = await openDatabase({ pglite: 'memory' })
console.log('create', performance.now() - t)
t = performance.now()
await migrateDatabase(h)
console.log('migrate', performance.now() - t)
t = performance.now()
const dump = await h.pglite!.dumpDataDir('none')
console.log('dump', performance.now() - t, dump.size)
t = performance.now()
const p2 = await PGlite.create({ loadDataDir: dump })
console.log('load', performance.now() - t)
t = performance.now()
console.log((await p2.query('select count(*) from tenants')).rows)
