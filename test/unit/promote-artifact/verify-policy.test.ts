import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { Inputs } from '../../../src/lib/action/inputs.js'
import { readVerify } from '../../../src/promote-artifact/verify-policy.js'

const PUB = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()

function problems(values: Record<string, string>): string[] {
  const inputs = new Inputs((name) => values[name] ?? '')
  readVerify(inputs)
  try {
    inputs.done()
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => `${e.input}: ${e.message}`)
    throw error
  }
  return []
}

test('verify: signature takes a P-256 public key; none is the default', () => {
  expect(readVerify(new Inputs(() => '')).mode).toBe('none')
  expect(readVerify(new Inputs((name) => ({ verify: 'signature', 'public-key': PUB })[name] ?? '')).mode).toBe('signature')
})

test('signature without a key, a key without signature, a bad key or an unknown mode are refused naming the input', () => {
  expect(problems({ verify: 'signature' })).toEqual([expect.stringMatching(/^public-key: .*since 'verify' is 'signature'/)])
  expect(problems({ 'public-key': PUB })).toEqual([expect.stringMatching(/^verify: .*'signature', since 'public-key' is set/)])
  expect(problems({ verify: 'signature', 'public-key': 'abc' })).toEqual([expect.stringMatching(/^public-key: .*no PEM public key/)])
  expect(problems({ verify: 'yes' })).toEqual([expect.stringMatching(/^verify: /)])
})
