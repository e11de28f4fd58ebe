// JSON as it was when the SDK loaded, before any author code ran: a plugin that patches the
// global JSON cannot change what the runtime emits or how it reads its input.
export const stringify = JSON.stringify
export const parse = JSON.parse
