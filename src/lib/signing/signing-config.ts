/**
 * The Sigstore services keyless signing uses, as a signing_config.json names them (the file `cosign signing-config
 * create` writes and `cosign sign --signing-config` reads): the Fulcio CA, the Rekor log and the timestamp authority.
 * Checked here without loading the Sigstore libraries, so a bad file stops the run before anything is built; the
 * default is the public instance as @sigstore/sign and GitHub's attestations use it (Fulcio, Rekor v1).
 */

export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json'

interface Service {
  url?: unknown
  majorApiVersion?: unknown
  validFor?: { start?: unknown; end?: unknown }
}

/** The public Sigstore instance. */
export const PUBLIC_SIGNING_CONFIG = {
  mediaType: SIGNING_CONFIG_MEDIA_TYPE,
  caUrls: [{ url: 'https://fulcio.sigstore.dev', majorApiVersion: 1, validFor: { start: '2023-04-14T21:38:40Z' }, operator: 'sigstore.dev' }],
  rekorTlogUrls: [{ url: 'https://rekor.sigstore.dev', majorApiVersion: 1, validFor: { start: '2021-01-12T11:53:27Z' }, operator: 'sigstore.dev' }],
  rekorTlogConfig: { selector: 'ANY' }
}

/** The service of each kind a config names that the signer uses (the newest valid one, as @sigstore/sign picks). */
export interface SigningServices {
  ca: string
  tlog?: { url: string; version: number }
  tsa?: string
}

const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : NaN)

/** The services of a kind the signer can use now, newest first: the first is the one @sigstore/sign picks. */
const usable = (services: unknown, maxVersion: number, now: Date): Service[] =>
  (Array.isArray(services) ? (services as Service[]) : [])
    .filter((s) => typeof s?.url === 'string' && typeof s.majorApiVersion === 'number' && s.majorApiVersion >= 1 && s.majorApiVersion <= maxVersion)
    .filter((s) => !(time(s.validFor?.end) < now.getTime()))
    .sort((a, b) => (time(b.validFor?.start) || 0) - (time(a.validFor?.start) || 0))

/** The services of a parsed signing config, or why it cannot be used to sign. */
export function signingServices(config: unknown, now = new Date()): SigningServices | string {
  if (typeof config !== 'object' || config === null) return 'it is no JSON object'
  const c = config as Record<string, unknown>
  if (c.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) return `its mediaType is ${JSON.stringify(c.mediaType)}, not ${SIGNING_CONFIG_MEDIA_TYPE}`
  const cas = usable(c.caUrls, 1, now)
  if (cas.length === 0) return 'it names no Fulcio (caUrls with majorApiVersion 1)'
  const selector = (key: string): unknown => (c[key] as { selector?: unknown } | undefined)?.selector
  const tlogs = c.rekorTlogConfig ? usable(c.rekorTlogUrls, 2, now) : []
  const tsas = c.tsaConfig ? usable(c.tsaUrls, 1, now) : []
  if (c.rekorTlogConfig && selector('rekorTlogConfig') !== 'ANY') return `its rekorTlogConfig selector is ${JSON.stringify(selector('rekorTlogConfig'))}; ANY is supported`
  if (c.tsaConfig && selector('tsaConfig') !== 'ANY') return `its tsaConfig selector is ${JSON.stringify(selector('tsaConfig'))}; ANY is supported`
  if (c.rekorTlogConfig && tlogs.length === 0) return 'its rekorTlogConfig is set but it names no Rekor (rekorTlogUrls with majorApiVersion 1 or 2)'
  if (c.tsaConfig && tsas.length === 0) return 'its tsaConfig is set but it names no timestamp authority (tsaUrls with majorApiVersion 1)'
  if (tlogs.length === 0 && tsas.length === 0) return 'it names neither a Rekor log nor a timestamp authority, so no signature could be shown to be made while its certificate was valid'
  const tlog = tlogs[0]
  return { ca: cas[0]!.url as string, ...(tlog && { tlog: { url: tlog.url as string, version: tlog.majorApiVersion as number } }), ...(tsas[0] && { tsa: tsas[0].url as string }) }
}

export function describeServices(services: SigningServices): string {
  return [`Fulcio ${services.ca}`, services.tlog && `Rekor v${services.tlog.version} ${services.tlog.url}`, services.tsa && `timestamp authority ${services.tsa}`].filter(Boolean).join(', ')
}
