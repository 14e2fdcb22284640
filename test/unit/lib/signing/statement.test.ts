import { expect, test } from '@jest/globals'
import { COSIGN_SIGN_PREDICATE, signStatement, statementProblem } from '../../../../src/lib/signing/statement.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

test('the statement cosign v3 signs names the digest with its sign predicate', () => {
  expect(signStatement(A)).toEqual({ _type: 'https://in-toto.io/Statement/v1', subject: [{ digest: { sha256: 'a'.repeat(64) } }], predicateType: COSIGN_SIGN_PREDICATE, predicate: {} })
})

test('a statement for another digest, another predicate or no statement at all is named as such', () => {
  const bytes = (value: unknown) => Buffer.from(JSON.stringify(value))
  expect(statementProblem(bytes(signStatement(A)), A, COSIGN_SIGN_PREDICATE)).toBeUndefined()
  expect(statementProblem(bytes(signStatement(A)), B, COSIGN_SIGN_PREDICATE)).toBe(`it signs ${A}, not ${B}`)
  expect(statementProblem(bytes({ ...signStatement(A), predicateType: 'https://slsa.dev/provenance/v1' }), A, COSIGN_SIGN_PREDICATE)).toMatch(/slsa.dev\/provenance\/v1 statement, not/)
  expect(statementProblem(Buffer.from('not json'), A, COSIGN_SIGN_PREDICATE)).toMatch(/no JSON/)
  expect(statementProblem(bytes({ critical: {} }), A, COSIGN_SIGN_PREDICATE)).toMatch(/no in-toto statement/)
})
