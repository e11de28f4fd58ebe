import { describe, expect, it } from 'vitest'

describe('runtime', () => {
  it('is the Node.js 24 LTS the repository provides, not the machine Node 20', () => {
    expect(process.versions.node.split('.')[0]).toBe('24')
  })
})
