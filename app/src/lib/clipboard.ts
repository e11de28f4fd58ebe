import { createSignal } from 'solid-js'

/**
 * A copy-to-clipboard button's behaviour: `copy(text)` and a short-lived `label()` saying how
 * it went ("Copied" or a fallback hint), back to `idle` after a few seconds.
 */
export function createCopy(idle = 'Copy') {
  const [label, setLabel] = createSignal(idle)
  let timer: ReturnType<typeof setTimeout> | undefined
  const show = (text: string) => {
    setLabel(text)
    clearTimeout(timer)
    timer = setTimeout(() => setLabel(idle), 2_500)
  }
  return {
    label,
    copy: async (text: string) => {
      try {
        await navigator.clipboard.writeText(text)
        show('Copied')
      } catch {
        show('Select and copy')
      }
    },
  }
}

/** Saves `text` as a file through the browser's download. */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}
