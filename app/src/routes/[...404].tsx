import { Title } from '@solidjs/meta'
import { A } from '@solidjs/router'
import { HttpStatusCode } from '@solidjs/start'

export default function NotFound() {
  return (
    <main class="page">
      <Title>Not found · vm-algo</Title>
      <HttpStatusCode code={404} />
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <A href="/">Back to the platform status</A>
      </p>
    </main>
  )
}
