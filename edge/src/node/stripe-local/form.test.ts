import { describe, expect, it } from 'vitest'
import { parseStripeForm } from './form.ts'

describe('parseStripeForm', () => {
  it('decodes nested objects and indexed arrays as stripe-node encodes them', () => {
    const body =
      'mode=subscription&line_items[0][price]=price_a&line_items[0][quantity]=1' +
      '&line_items[1][price]=price_b&metadata[tenantId]=tnt_1&subscription_data[metadata][tier]=pro'
    expect(parseStripeForm(body)).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_a', quantity: '1' }, { price: 'price_b' }],
      metadata: { tenantId: 'tnt_1' },
      subscription_data: { metadata: { tier: 'pro' } },
    })
  })

  it('accepts percent-encoded brackets, empty values and `[]` appends', () => {
    expect(parseStripeForm('metadata%5Bnote%5D=a%20b&description=&expand[]=x&expand[]=y')).toEqual({
      metadata: { note: 'a b' },
      description: '',
      expand: ['x', 'y'],
    })
  })

  it('keeps sparse or non-numeric keys as an object', () => {
    expect(parseStripeForm('a[0]=x&a[2]=y')).toEqual({ a: { 0: 'x', 2: 'y' } })
  })
})
