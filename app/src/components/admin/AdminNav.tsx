import { Tabs } from '../Tabs.tsx'

const ITEMS = [
  { href: '/admin', label: 'Tenants', end: true },
  { href: '/admin/audit', label: 'Audit log' },
]

/** The admin console's tabs. */
export const AdminNav = () => <Tabs label="Admin console" items={ITEMS} />
