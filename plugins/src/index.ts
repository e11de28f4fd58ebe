/** The plugin SDK's public surface; filled in by the plugin-runtime work. */
export const SDK_VERSION = '0.1.0'
