/** Marketplace domain logic; filled in by the marketplace work. */
export const LISTING_STATUSES = ['draft', 'published', 'unlisted'] as const
