/** The OCI labels of an image (org.opencontainers.image.*), from the run; the user's own labels win. Pure. */
import type { RunContext } from '../lib/github/event.js'

export const LABEL = {
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  created: 'org.opencontainers.image.created',
  version: 'org.opencontainers.image.version',
  title: 'org.opencontainers.image.title',
  url: 'org.opencontainers.image.url',
  licenses: 'org.opencontainers.image.licenses'
} as const

export interface LabelInput {
  context: RunContext
  commit: string
  /** ISO time of the commit: rebuilding a commit gives the same label (and, with buildah, the same timestamps). */
  created: string
  version: string
  extra: Record<string, string>
}

export function imageLabels({ context, commit, created, version, extra }: LabelInput): Record<string, string> {
  const { owner, repo } = context.repository
  const url = owner && repo ? `${context.serverUrl}/${owner}/${repo}` : ''
  const license = context.event.repository?.license?.spdx_id
  const labels: Record<string, string> = {
    ...(url && { [LABEL.source]: url }),
    ...(commit && { [LABEL.revision]: commit }),
    [LABEL.created]: created,
    ...(version && { [LABEL.version]: version }),
    ...(repo && { [LABEL.title]: repo }),
    ...(url && { [LABEL.url]: url }),
    ...(typeof license === 'string' && license !== '' && license !== 'NOASSERTION' && { [LABEL.licenses]: license })
  }
  return { ...labels, ...extra }
}
