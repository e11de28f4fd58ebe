export { describeOnDrivers, openTestDatabase, type TestDriver, testDrivers } from './drivers.ts'
export { type SeededTenant, seedTenant } from './seed.ts'
