import { For } from 'solid-js'
import { createCopy, downloadText } from '../../lib/clipboard.ts'
import { formatDate } from '../../lib/format.ts'
import { Alert } from '../Alert.tsx'

/**
 * The 10 backup codes, shown once right after they are made: only their hashes are kept, so
 * this is the one chance to save them.
 */
export function BackupCodes(props: { codes: string[]; email: string; onDone: () => void }) {
  const copy = createCopy('Copy codes')
  const asText = () =>
    [
      `vm-algo backup codes for ${props.email}`,
      `Made on ${formatDate(new Date().toISOString())}. Each code works once.`,
      '',
      ...props.codes,
      '',
    ].join('\n')
  return (
    <section class="panel" aria-labelledby="backup-codes-title">
      <h2 id="backup-codes-title">Save your backup codes</h2>
      <Alert tone="warning">
        These codes are shown only now. Keep them somewhere safe, apart from your phone: each one
        lets you log in once if you lose your authenticator app.
      </Alert>
      <ol class="backup-codes" aria-label="Backup codes">
        <For each={props.codes}>{(code) => <li>{code}</li>}</For>
      </ol>
      <p class="actions">
        <button type="button" class="secondary" onClick={() => copy.copy(props.codes.join('\n'))}>
          {copy.label()}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => downloadText('vm-algo-backup-codes.txt', asText())}
        >
          Download (.txt)
        </button>
        <button type="button" class="primary" onClick={() => props.onDone()}>
          I have saved them
        </button>
      </p>
    </section>
  )
}
