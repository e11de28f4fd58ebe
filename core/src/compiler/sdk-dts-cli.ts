// Regenerates plugins/sdk.d.ts after the SDK's public types change:
//   node core/src/compiler/sdk-dts-cli.ts
import { writeFileSync } from 'node:fs'
import { renderSdkDeclarationFile, SDK_DTS_FILE } from './sdk-declarations.ts'

writeFileSync(SDK_DTS_FILE, renderSdkDeclarationFile())
process.stdout.write(`wrote ${SDK_DTS_FILE}\n`)
