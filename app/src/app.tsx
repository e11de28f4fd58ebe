import { MetaProvider, Title } from '@solidjs/meta'
import { A, Router } from '@solidjs/router'
import { FileRoutes } from '@solidjs/start/router'
import { type ParentProps, Suspense } from 'solid-js'
import './app.css'

// Only pages that exist get a link; add one here with each new route.
const NAV = [{ href: '/', label: 'Home' }]

function Layout(props: ParentProps) {
  return (
    <MetaProvider>
      <Title>vm-algo</Title>
      <header class="site-header">
        <div class="site-header-inner">
          <a class="brand" href="/">
            <span class="brand-name">vm-algo</span>
            <span class="brand-tagline">Algorithmic trading for NSE & BSE</span>
          </a>
          <nav aria-label="Main">
            {NAV.map((item) => (
              <A href={item.href} end activeClass="active">
                {item.label}
              </A>
            ))}
          </nav>
        </div>
      </header>
      <Suspense>{props.children}</Suspense>
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
