/**
 * `npm run bench`: runs every benchmark in bench/*.bench.ts and writes bench/results.json as
 * `{ name: { value, unit, baseline, ratio, details? } }`, each baseline measured in the same
 * run. `npm run bench -- edge` runs only benchmarks whose name contains "edge".
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Benchmark, BenchResult } from '../bench/harness.ts'

const dir = fileURLToPath(new URL('../bench/', import.meta.url))
const filter = process.argv[2] ?? ''
const results: Record<string, BenchResult> = {}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  const mod = (await import(new URL(`../bench/${file}`, import.meta.url).href)) as {
    benchmarks: Benchmark[]
  }
  for (const bench of mod.benchmarks) {
    if (!bench.name.includes(filter)) continue
    process.stdout.write(`${bench.name}: ${bench.description} … `)
    const r = await bench.run()
    results[bench.name] = r
    console.log(`${r.value} ${r.unit} (baseline ${r.baseline}, ratio ${r.ratio})`)
  }
}

// A filtered run updates its entries and keeps the others.
const out = `${dir}results.json`
const previous = existsSync(out)
  ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, BenchResult>)
  : {}
writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`)
console.log(`wrote ${out}`)
process.exit(0)
