import { describe, expect, test } from 'vitest'
import { ApiProblem } from './api/problem.ts'
import { attachmentName, barSpan, CsvRefused, csvDiagnostic, formatBytes } from './datasets.ts'

describe('csvDiagnostic', () => {
  test('the line and the reason of an invalid_csv problem', () => {
    expect(
      csvDiagnostic({
        code: 'invalid_csv',
        detail: 'Line 6: high 9 is below low 10. Nothing was imported.',
        diagnostics: [{ severity: 'error', line: 6, column: 1, message: 'high 9 is below low 10' }],
      }),
    ).toEqual({ line: 6, reason: 'high 9 is below low 10' })
  })

  test('nothing for other problems or bodies without a usable line', () => {
    expect(csvDiagnostic({ code: 'compile_failed', diagnostics: [{ line: 3 }] })).toBe(undefined)
    expect(csvDiagnostic({ code: 'invalid_csv', diagnostics: [] })).toBe(undefined)
    expect(csvDiagnostic({ code: 'invalid_csv', diagnostics: [{ line: '6' }] })).toBe(undefined)
    expect(csvDiagnostic({ code: 'invalid_csv', diagnostics: [{ line: 0 }] })).toBe(undefined)
    expect(csvDiagnostic(null)).toBe(undefined)
    expect(csvDiagnostic('Line 6')).toBe(undefined)
  })
})

test('CsvRefused keeps the problem as it was, with the place', () => {
  const problem = new ApiProblem({
    status: 422,
    code: 'invalid_csv',
    title: 'The CSV of bars is not valid',
    message: 'Line 6: high 9 is below low 10. Nothing was imported.',
    requestId: 'req_1',
  })
  const refused = new CsvRefused(problem, { line: 6, reason: 'high 9 is below low 10' })
  expect(refused).toBeInstanceOf(ApiProblem)
  expect(refused).toMatchObject({
    status: 422,
    code: 'invalid_csv',
    message: problem.message,
    requestId: 'req_1',
    line: 6,
    reason: 'high 9 is below low 10',
  })
})

test('attachmentName reads the edge’s content-disposition', () => {
  expect(attachmentName('attachment; filename="M&M_1d_dst_01ABC.csv"')).toBe('M&M_1d_dst_01ABC.csv')
  expect(attachmentName('attachment')).toBe(undefined)
  expect(attachmentName(null)).toBe(undefined)
})

test('formatBytes: bytes, then KiB and MiB with a decimal below ten', () => {
  expect(formatBytes(0)).toBe('0 B')
  expect(formatBytes(1023)).toBe('1023 B')
  expect(formatBytes(1536)).toBe('1.5 KiB')
  expect(formatBytes(150_000)).toBe('146 KiB')
  expect(formatBytes(8 * 1024 * 1024)).toBe('8 MiB')
})

describe('barSpan', () => {
  test('daily bars as days in IST', () => {
    expect(
      barSpan({
        timeframe: '1d',
        firstBar: '2020-09-30T18:30:00.000Z',
        lastBar: '2020-11-11T18:30:00.000Z',
      }),
    ).toBe('1 Oct 2020 – 12 Nov 2020')
  })

  test('intraday bars with their times, one IST for the pair; one bar once', () => {
    expect(
      barSpan({
        timeframe: '1m',
        firstBar: '2024-01-01T03:45:00.000Z',
        lastBar: '2024-01-02T09:59:00.000Z',
      }),
    ).toBe('1 Jan 2024, 9:15 am – 2 Jan 2024, 3:29 pm IST')
    expect(
      barSpan({
        timeframe: '5m',
        firstBar: '2024-01-01T03:45:00.000Z',
        lastBar: '2024-01-01T03:45:00.000Z',
      }),
    ).toBe('1 Jan 2024, 9:15 am IST')
  })
})
