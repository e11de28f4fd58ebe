import { Tabs } from './Tabs.tsx'

const ITEMS = [
  { href: '/account', label: 'Overview', end: true },
  { href: '/account/security', label: 'Security' },
  { href: '/account/sessions', label: 'Sessions' },
  { href: '/account/broker', label: 'Broker' },
]

/** The account section's tabs. */
export const AccountNav = () => <Tabs label="Account" items={ITEMS} />
