import { expect, test } from 'vitest'
import { describeDevice } from './device.ts'

test('sessions name their device', () => {
  const chrome =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
  const iphone =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
  expect(describeDevice(chrome, 'browser')).toBe('Chrome on Linux')
  expect(describeDevice(iphone, 'browser')).toBe('Safari on iPhone')
  expect(describeDevice('curl/8.5.0', 'api')).toBe('API client (curl/8.5.0)')
  expect(describeDevice(null, 'browser')).toBe('Unknown browser')
})
