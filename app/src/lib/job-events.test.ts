import { expect, test } from 'vitest'
import { parseJobEvent } from './job-events.ts'

test('parseJobEvent reads a progress event of the stream', () => {
  expect(
    parseJobEvent(
      '{"id":"btj_1","status":"running","progress":0.5,"error":null,"cancelRequested":false,"attempts":1}',
    ),
  ).toEqual({ id: 'btj_1', status: 'running', progress: 0.5, error: null, cancelRequested: false })
  expect(
    parseJobEvent(
      '{"id":"btj_1","status":"failed","progress":0.2,"error":"no bars","progressMessage":"run 2 of 4"}',
    ),
  ).toMatchObject({ status: 'failed', error: 'no bars', progressMessage: 'run 2 of 4' })
})

test('parseJobEvent refuses what is not a job’s progress', () => {
  expect(parseJobEvent('{"code":"internal","requestId":"req_1"}')).toBeNull()
  expect(parseJobEvent('{"id":"btj_1","status":"exploded"}')).toBeNull()
  expect(parseJobEvent('not json')).toBeNull()
  expect(parseJobEvent('null')).toBeNull()
})
