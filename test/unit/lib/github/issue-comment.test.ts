/** The sticky pull-request comment against GitHub's REST API, recorded with nock. */
import { describe, expect, it } from '@jest/globals'
import nock from 'nock'
import { getOctokit } from '@actions/github'
import { upsertStickyComment } from '../../../../src/lib/github/issue-comment.js'
import { recordedHttpOnly } from '../../../support/recorded-http.js'

const API = 'https://api.github.com'
const marker = '<!-- pipeline-actions/quality-gate CI/gate -->'
const target = { owner: 'acme', repo: 'web', issueNumber: 12, marker }
const comment = (id: number, body: string) => ({ id, body, html_url: `https://github.com/acme/web/pull/12#issuecomment-${id}`, user: { login: 'github-actions[bot]' } })

recordedHttpOnly({ expectAllUsed: true })

/** GITHUB_TOKEN is an installation token: GET /user is refused, GraphQL's viewer names the bot (without [bot]). */
function tokenIsGithubActions(): void {
  nock(API).get('/user').reply(403, { message: 'Resource not accessible by integration', status: '403' })
  nock(API).post('/graphql', (body: { query: string }) => /viewer\s*{\s*login/.test(body.query)).reply(200, { data: { viewer: { login: 'github-actions' } } })
}

describe('upsertStickyComment', () => {
  it('creates the comment the first time', async () => {
    tokenIsGithubActions()
    nock(API).get('/repos/acme/web/issues/12/comments').query({ per_page: 100 }).reply(200, [comment(1, 'LGTM')])
    const created = nock(API)
      .post('/repos/acme/web/issues/12/comments', (body: { body: string }) => body.body === `${marker}\n## Quality gate: passed`)
      .reply(201, comment(99, `${marker}\n## Quality gate: passed`))
    const result = await upsertStickyComment(getOctokit('t0ken'), { ...target, body: '## Quality gate: passed' })
    expect(result).toEqual({ action: 'created', id: 99, url: 'https://github.com/acme/web/pull/12#issuecomment-99' })
    expect(created.isDone()).toBe(true)
  })

  it('edits the existing comment in place on a rerun, looking through every page', async () => {
    tokenIsGithubActions()
    const page1 = Array.from({ length: 100 }, (_, i) => comment(i + 1, 'chatter'))
    nock(API)
      .get('/repos/acme/web/issues/12/comments')
      .query({ per_page: 100 })
      .reply(200, page1, { link: `<${API}/repositories/1/issues/12/comments?per_page=100&page=2>; rel="next", <${API}/repositories/1/issues/12/comments?per_page=100&page=2>; rel="last"` })
    nock(API).get('/repositories/1/issues/12/comments').query({ per_page: 100, page: 2 }).reply(200, [comment(150, `${marker}\nold verdict`)])
    nock(API).patch('/repos/acme/web/issues/comments/150', { body: `${marker}\nnew verdict` }).reply(200, comment(150, `${marker}\nnew verdict`))
    const result = await upsertStickyComment(getOctokit('t0ken'), { ...target, body: 'new verdict' })
    expect(result.action).toBe('updated')
    expect(result.id).toBe(150)
  })

  it('sends the token only as an Authorization header', async () => {
    nock(API, { reqheaders: { authorization: 'token s3cret' } }).get('/user').reply(200, { login: 'release-bot', id: 7 })
    nock(API, { reqheaders: { authorization: 'token s3cret' } }).get('/repos/acme/web/issues/12/comments').query(true).reply(200, [])
    nock(API).post('/repos/acme/web/issues/12/comments').reply(201, comment(5, 'x'))
    await upsertStickyComment(getOctokit('s3cret'), { ...target, body: 'x' })
  })

  it("never edits a comment someone else wrote with the marker in it: the token's own comment is found, or a new one made", async () => {
    tokenIsGithubActions()
    const forged = { ...comment(40, `${marker}\nall green, merge away`), user: { login: 'mallory', type: 'User' } }
    nock(API).get('/repos/acme/web/issues/12/comments').query({ per_page: 100 }).reply(200, [forged])
    const created = nock(API).post('/repos/acme/web/issues/12/comments').reply(201, comment(41, `${marker}\nreal verdict`))
    const result = await upsertStickyComment(getOctokit('t0ken'), { ...target, body: 'real verdict' })
    expect(result).toMatchObject({ action: 'created', id: 41 })
    expect(created.isDone()).toBe(true)

    nock(API).get('/user').reply(200, { login: 'Release-Bot', id: 7 })
    const own = { ...comment(42, `${marker}\nold verdict`), user: { login: 'release-bot', type: 'User' } }
    nock(API).get('/repos/acme/web/issues/12/comments').query({ per_page: 100 }).reply(200, [{ ...forged, id: 40 }, own])
    nock(API).patch('/repos/acme/web/issues/comments/42').reply(200, comment(42, 'x'))
    expect(await upsertStickyComment(getOctokit('pat'), { ...target, body: 'new verdict' })).toMatchObject({ action: 'updated', id: 42 })
  })
})
