import { solidStart } from '@solidjs/start/config'
import { nitro } from 'nitro/vite'
import { defineConfig } from 'vite'

// The same pairing SolidStart's own `nitro-3` fixture uses; `node-server` makes
// `vite build` emit `.output/server/index.mjs`, a standalone Node server (PORT/HOST env).
export default defineConfig({
  plugins: [solidStart(), nitro({ preset: 'node-server' })],
  optimizeDeps: {
    // Dev only: SolidStart's error overlay imports trace-mapping, whose dependency resolve-uri is
    // UMD. With @solidjs/start installed under app/node_modules and its dependencies hoisted to the
    // root, Vite's dependency scan misses it and the browser fails on "no export named 'default'".
    include: ['@solidjs/start > @jridgewell/trace-mapping'],
  },
})
