/** The `insecure-registries` input build-push and promote-artifact share: registry hosts reached over plain http. */
import type { Inputs } from '../action/inputs.js'
import { isRegistryHost, normaliseRegistry } from './reference.js'

/** Hosts (host[:port], an http(s):// prefix or trailing / tolerated), normalised; anything else is a problem on `inputs`. */
export function readInsecureRegistries(inputs: Inputs): string[] {
  const hosts: string[] = []
  for (const given of inputs.list('insecure-registries')) {
    const host = given.replace(/^https?:\/\//, '').replace(/\/+$/, '')
    if (isRegistryHost(host)) hosts.push(normaliseRegistry(host))
    else inputs.fail('insecure-registries', given, 'registry hosts such as `registry.internal:5000` or `10.0.0.7:5000` (host[:port]), comma or newline separated')
  }
  return hosts
}
