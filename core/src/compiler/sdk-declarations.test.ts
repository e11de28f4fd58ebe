import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import {
  renderSdkDeclarationFile,
  SDK_DTS_FILE,
  sdkAmbientDeclarations,
  sdkDeclarations,
} from './sdk-declarations.ts'
import { AUTHOR_COMPILER_OPTIONS } from './typecheck.ts'

describe('SDK declarations', () => {
  it('plugins/sdk.d.ts is up to date (regenerate: node core/src/compiler/sdk-dts-cli.ts)', () => {
    expect(readFileSync(SDK_DTS_FILE, 'utf8')).toBe(renderSdkDeclarationFile())
  })

  it('declare the public API with its documentation and nothing of the runtime', () => {
    const dts = sdkDeclarations()
    for (const name of [
      'defineStrategy',
      'defineScanner',
      'param',
      'ist',
      'StrategyContext',
      'ScannerContext',
      'Indicators',
    ]) {
      expect(dts).toMatch(
        new RegExp(`export (declare )?(function|const|interface|type) ${name}\\b`),
      )
    }
    expect(dts).toContain('Places a buy order (MARKET, CNC unless `options` say otherwise)')
    expect(dts).not.toMatch(/MarketData|OrderBook|createDispatcher|import /)
  })

  it('type-check cleanly on their own (with library checking on)', () => {
    const file = '/sdk.d.ts'
    const host = ts.createCompilerHost({})
    const getSourceFile = host.getSourceFile
    host.getSourceFile = (name, target) =>
      name === file
        ? ts.createSourceFile(name, sdkAmbientDeclarations(), target)
        : getSourceFile(name, target)
    const program = ts.createProgram(
      [file],
      { ...AUTHOR_COMPILER_OPTIONS, skipLibCheck: false },
      host,
    )
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(problems).toEqual([])
  })
})
