import { expect, test } from '@jest/globals'
import { cosignVerifyAttestationCommand, cosignVerifyCommand } from '../../../../src/lib/signing/sign-in-repositories.js'

test('the summary command is cosign verify with the key, without the transparency log', () => {
  expect(cosignVerifyCommand('ghcr.io/a/b@sha256:1', false)).toBe('cosign verify --key cosign.pub --insecure-ignore-tlog ghcr.io/a/b@sha256:1')
  expect(cosignVerifyCommand('127.0.0.1:5000/a@sha256:1', true)).toBe('cosign verify --key cosign.pub --insecure-ignore-tlog --allow-insecure-registry 127.0.0.1:5000/a@sha256:1')
})

test('the attestation command names the predicate type as cosign does', () => {
  expect(cosignVerifyAttestationCommand('ghcr.io/a/b@sha256:1', 'spdxjson', false)).toBe('cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type spdxjson ghcr.io/a/b@sha256:1')
  expect(cosignVerifyAttestationCommand('127.0.0.1:5000/a@sha256:1', 'slsaprovenance1', true)).toBe('cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 --allow-insecure-registry 127.0.0.1:5000/a@sha256:1')
})
