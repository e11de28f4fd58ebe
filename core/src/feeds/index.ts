export * from './kite/index.ts'
