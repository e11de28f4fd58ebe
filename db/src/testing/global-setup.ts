import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { migrateDatabase } from '../node/migrate.ts'
import { openDatabase } from '../node/open.ts'

/**
 * With DATABASE_URL set, makes a fresh database on that server for this run, migrates it once,
 * hands its URL to the tests and drops it afterwards — so runs never see each other's rows or
 * an old schema, and nothing in the named database is touched.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL
  if (!base) {
    project.provide('testDatabaseUrl', null)
    return
  }
  const name = `vmalgo_test_${Date.now()}_${process.pid}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = withDatabase(base, name)
  const handle = await openDatabase({ url, poolMax: 1 })
  await migrateDatabase(handle, url)
  await handle.close()
  project.provide('testDatabaseUrl', url)
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end({ timeout: 5 })
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
