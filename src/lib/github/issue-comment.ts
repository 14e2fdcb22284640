/** One sticky pull-request comment per marker, created once and edited in place. */
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

/** Finds the comment carrying `marker`, if any. */
export async function findStickyComment(octokit: Octokit, target: Omit<StickyComment, 'body'>): Promise<{ id: number; body: string } | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  const found = comments.find((comment) => comment.body?.includes(target.marker))
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
