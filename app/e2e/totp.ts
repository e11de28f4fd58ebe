import { generate } from 'otplib'

const PERIOD_S = 30

/**
 * What an authenticator app shows for `secret`, as a phone computes it (RFC 6238: SHA-1, 6
 * digits, 30 s). The edge accepts each time step once, so a second code within the same 30 s
 * takes the next step's code — still inside the edge's one-step drift window — instead of
 * waiting up to half a minute as a person would.
 */
export function authenticator(secret: string) {
  let lastStep = -1
  return async (): Promise<string> => {
    const step = Math.max(Math.floor(Date.now() / 1000 / PERIOD_S), lastStep + 1)
    lastStep = step
    return generate({ secret, epoch: step * PERIOD_S, period: PERIOD_S })
  }
}
