/** One sticky pull-request comment per marker and author, created once and edited in place. */
import type { getOctokit } from '@actions/github'

type Octokit = ReturnType<typeof getOctokit>

export interface StickyComment {
  owner: string
  repo: string
  issueNumber: number
  /** An HTML comment that identifies this comment among all others on the pull request. */
  marker: string
  body: string
}

export type StickyResult = { action: 'created' | 'updated'; id: number; url: string }

const logins = new WeakMap<Octokit, Promise<string>>()

/**
 * The login of the token's user: GET /user for a user's token; an installation token (GITHUB_TOKEN, a GitHub App's)
 * may not read /user, and GraphQL's viewer names its bot instead. Asked once per client.
 */
export function tokenLogin(octokit: Octokit): Promise<string> {
  let login = logins.get(octokit)
  if (!login) {
    login = octokit.rest.users.getAuthenticated().then(
      ({ data }) => data.login,
      async () => (await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')).viewer.login
    )
    logins.set(octokit, login)
  }
  return login
}

/** REST names a bot `name[bot]`, GraphQL `name`; logins are case-insensitive. Only bots have brackets in a login. */
const sameLogin = (a: string | undefined, b: string): boolean => a !== undefined && a.replace(/\[bot\]$/, '').toLowerCase() === b.replace(/\[bot\]$/, '').toLowerCase()

/**
 * Finds the comment carrying `marker` that the token's own user wrote, if any. Anyone can paste the marker into a
 * comment of theirs; such a comment is never taken for this one (nor edited, with a token that could).
 */
export async function findStickyComment(octokit: Octokit, target: Omit<StickyComment, 'body'>): Promise<{ id: number; body: string } | undefined> {
  const [login, comments] = await Promise.all([
    tokenLogin(octokit),
    octokit.paginate(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100
    })
  ])
  const found = comments.find((comment) => comment.body?.includes(target.marker) && sameLogin(comment.user?.login, login))
  return found ? { id: found.id, body: found.body ?? '' } : undefined
}

/** One comment per marker: created the first time, edited in place on every later run, never duplicated. */
export async function upsertStickyComment(octokit: Octokit, comment: StickyComment): Promise<StickyResult> {
  const body = `${comment.marker}\n${comment.body}`
  const existing = await findStickyComment(octokit, comment)
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner: comment.owner, repo: comment.repo, comment_id: existing.id, body })
    return { action: 'updated', id: data.id, url: data.html_url }
  }
  const { data } = await octokit.rest.issues.createComment({ owner: comment.owner, repo: comment.repo, issue_number: comment.issueNumber, body })
  return { action: 'created', id: data.id, url: data.html_url }
}
