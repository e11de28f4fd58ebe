import { MetaProvider, Title } from '@solidjs/meta'
import { A, Router, useNavigate } from '@solidjs/router'
import { FileRoutes } from '@solidjs/start/router'
import { For, type ParentProps, Show, Suspense } from 'solid-js'
import { navLinks } from './lib/nav.ts'
import { TIER_LABEL } from './lib/plans.ts'
import { SessionProvider, useSession } from './lib/session.tsx'
import './app.css'

function Header() {
  const session = useSession()
  const navigate = useNavigate()
  const signOut = async () => {
    await session.signOut()
    navigate('/login?signed_out=1')
  }
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" href="/">
          <span class="brand-name">vm-algo</span>
          <span class="brand-tagline">Algorithmic trading for NSE & BSE</span>
        </a>
        <nav aria-label="Main">
          <For each={navLinks(session.state())}>
            {(item) => (
              <A
                href={item.href}
                end={item.end ?? false}
                activeClass="active"
                classList={{ 'nav-primary': !!item.primary }}
              >
                {item.label}
              </A>
            )}
          </For>
        </nav>
        <Show when={session.me()}>
          {(me) => (
            <div class="account-chip">
              <span class="account-email" title={me().tenant.name}>
                {me().user.email}
              </span>
              <span class="tier" data-tier={me().tier}>
                {TIER_LABEL[me().tier]}
              </span>
              <button type="button" class="link-button" onClick={signOut}>
                Log out
              </button>
            </div>
          )}
        </Show>
      </div>
    </header>
  )
}

function Layout(props: ParentProps) {
  return (
    <MetaProvider>
      <Title>vm-algo</Title>
      <SessionProvider>
        <Header />
        <Suspense>{props.children}</Suspense>
      </SessionProvider>
    </MetaProvider>
  )
}

export default function App() {
  return (
    <Router root={Layout}>
      <FileRoutes />
    </Router>
  )
}
