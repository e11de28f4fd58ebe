import { describe, expect, it } from 'vitest'
import { PluginCrashed, PluginTimeout, SandboxError, sanitizeMessage } from './errors.ts'

describe('sanitizeMessage', () => {
  it('replaces host paths, file URLs and Windows paths', () => {
    expect(sanitizeMessage('ENOENT: open /srv/vm-algo/.env')).toBe('ENOENT: open <path>')
    expect(sanitizeMessage('at file:///work/main/core/src/x.ts:3:9')).toBe('at <path>:3:9')
    expect(sanitizeMessage('C:\\Users\\ops\\secrets.json missing')).toBe('<path> missing')
  })

  it('keeps ordinary messages, including a lone slash or a fraction', () => {
    expect(sanitizeMessage("Unexpected token '/'")).toBe("Unexpected token '/'")
    expect(sanitizeMessage('ratio 3/4 too high')).toBe('ratio 3/4 too high')
  })

  it('makes one printable line of bounded length', () => {
    expect(sanitizeMessage('a\nb\r\nc\u0000d')).toBe('a b c?d')
    const long = sanitizeMessage('x'.repeat(10_000), 100)
    expect(long).toHaveLength(100)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('sandbox errors', () => {
  it('carry a code, a name and whether the sandbox is gone', () => {
    const timeout = new PluginTimeout('too slow at /opt/app/worker.ts')
    expect(timeout).toBeInstanceOf(SandboxError)
    expect(timeout).toMatchObject({ name: 'PluginTimeout', code: 'plugin_timeout', fatal: true })
    expect(timeout.message).toBe('too slow at <path>')
    const crashed = new PluginCrashed('threw', 'boom', { fatal: false })
    expect(crashed).toMatchObject({
      code: 'plugin_crashed',
      reason: 'threw',
      fatal: false,
      retryable: false,
    })
  })
})
