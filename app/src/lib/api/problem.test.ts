import { describe, expect, test } from 'vitest'
import { read } from './client.ts'
import { ApiProblem, asProblem, problemOf } from './problem.ts'

const problemJson = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })

describe('problemOf', () => {
  test("uses the edge's detail and keeps one message per field", async () => {
    const problem = await problemOf(
      problemJson(400, {
        title: 'The request is not valid',
        code: 'validation_failed',
        detail: 'Choose a stronger password.',
        errors: [
          { path: 'password', message: 'Use at least 10 characters.' },
          { path: 'password', message: 'second message' },
          { path: 'email', message: 'Enter a valid email address.' },
        ],
      }),
    )
    expect(problem).toBeInstanceOf(ApiProblem)
    expect(problem.message).toBe('Choose a stronger password.')
    expect(problem.code).toBe('validation_failed')
    expect(problem.fields).toEqual({
      password: 'Use at least 10 characters.',
      email: 'Enter a valid email address.',
    })
  })

  test('falls back to the title when there is no detail', async () => {
    const problem = await problemOf(problemJson(409, { title: 'Conflict', code: 'conflict' }))
    expect(problem.message).toBe('Conflict')
  })

  test('never shows the internal address of an unreachable edge', async () => {
    const problem = await problemOf(
      problemJson(502, {
        title: 'Edge API unreachable',
        code: 'edge_unreachable',
        detail: 'The edge API at http://127.0.0.1:8787 did not answer: ECONNREFUSED',
      }),
    )
    expect(problem.message).toBe('vm-algo is not answering right now. Try again in a moment.')
  })

  test('an internal error gives the request id to quote, nothing else', async () => {
    const problem = await problemOf(
      problemJson(500, { title: 'Internal error', code: 'internal', requestId: 'req_01ABC' }),
    )
    expect(problem.message).toBe(
      'Something went wrong on our side. Try again; if it keeps happening, contact support and quote req_01ABC.',
    )
  })

  test('an HTML error page becomes a plain message with the status', async () => {
    const problem = await problemOf(new Response('<h1>Bad gateway</h1>', { status: 502 }))
    expect(problem).toMatchObject({ status: 502, code: 'unexpected_response' })
    expect(problem.message).toBe('Something went wrong (HTTP 502). Try again in a moment.')
  })
})

describe('read', () => {
  test('turns a failed fetch into a connection message', async () => {
    const failing = Promise.reject(new TypeError('fetch failed'))
    await expect(read(failing)).rejects.toMatchObject({
      code: 'network',
      message: 'Could not reach vm-algo. Check your connection and try again.',
    })
  })
})

test('asProblem hides programming errors behind a plain message', () => {
  const problem = asProblem(new TypeError("Cannot read properties of undefined (reading 'x')"))
  expect(problem.message).toBe('Something went wrong in this page. Reload it and try again.')
})
