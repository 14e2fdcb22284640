/**
 * Who the API server takes a caller for, so an injected 403 names the same user a real one would: a
 * SelfSubjectReview (authentication.k8s.io/v1) sent with the caller's credentials, remembered per credential.
 */
import type { Agent } from 'node:https'
import { callUpstream } from './forward.js'
import type { Upstream } from './upstream.js'

export class Identities {
  private readonly known = new Map<string, Promise<string>>()

  constructor(
    private readonly upstream: Upstream,
    private readonly agent: Agent
  ) {}

  /** The user name for requests with this Authorization header (undefined: the upstream kubeconfig's user). */
  username(authorization: string | undefined): Promise<string> {
    const key = authorization ?? ''
    let name = this.known.get(key)
    if (!name) {
      name = this.review(authorization).catch((error: unknown) => {
        this.known.delete(key)
        throw error
      })
      this.known.set(key, name)
    }
    return name
  }

  private async review(authorization: string | undefined): Promise<string> {
    const connection = await this.upstream.connection(authorization !== undefined)
    const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })
    const answer = await callUpstream(connection, this.agent, {
      method: 'POST',
      url: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization !== undefined && { authorization }) }
    }, body)
    const review = answer.status === 201 || answer.status === 200 ? (JSON.parse(answer.text) as { status?: { userInfo?: { username?: string } } }) : undefined
    const username = review?.status?.userInfo?.username
    // What the server calls a caller it could not authenticate.
    return username ?? 'system:anonymous'
  }
}
