import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ConfigError, parseEnv, port, postgresUrl } from './env.ts'

const schema = z.object({ PORT: port(8787), DATABASE_URL: postgresUrl().optional() })

describe('parseEnv', () => {
  it('applies defaults for unset and blank settings', () => {
    expect(parseEnv(schema, {})).toEqual({ PORT: 8787 })
    expect(parseEnv(schema, { PORT: '  ' })).toEqual({ PORT: 8787 })
  })

  it('coerces and keeps valid values', () => {
    expect(parseEnv(schema, { PORT: '3001', DATABASE_URL: 'postgres://u@h/db' })).toEqual({
      PORT: 3001,
      DATABASE_URL: 'postgres://u@h/db',
    })
  })

  it('names every bad setting and what it got', () => {
    const run = () => parseEnv(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x' })
    expect(run).toThrow(ConfigError)
    expect(run).toThrow(/PORT: .*\(got "eighty"\)/)
    expect(run).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/x"\)/,
    )
  })

  it('never echoes secrets or passwords in URLs', () => {
    const secrets = z.object({
      STRIPE_SECRET_KEY: z.string().startsWith('sk_'),
      DATABASE_URL: postgresUrl(),
    })
    const run = () =>
      parseEnv(secrets, {
        STRIPE_SECRET_KEY: 'pk_live_abcdef',
        DATABASE_URL: 'mysql://app:hunter2@db/x',
      })
    expect(run).toThrow(/STRIPE_SECRET_KEY: .*\(got a value of 14 characters\)/)
    expect(run).toThrow(/mysql:\/\/app:\*\*\*@db\/x/)
    expect(run).not.toThrow(/pk_live_abcdef|hunter2/)
  })
})
