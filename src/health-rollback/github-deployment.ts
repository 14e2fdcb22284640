/**
 * GitHub Deployment statuses (https://docs.github.com/en/rest/deployments/statuses): `in_progress` while checking,
 * then `success`, or `failure` for an unhealthy version (rolled back or not). With `environment` and no
 * `deployment-id`, a Deployment of this commit to that environment is created first. A failed status update is a
 * warning: it never changes the verdict.
 */
import { getOctokit } from '@actions/github'
import { readRunContext, runUrl, type RunContext } from '../lib/github/event.js'

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error'

export class GithubDeploymentStatus {
  private deploymentId: number | undefined
  private readonly octokit: ReturnType<typeof getOctokit>
  private readonly context: RunContext

  /** `run`: the workflow run, as the inputs read it (by default from this process's environment). */
  constructor(
    token: string,
    private readonly options: { environment?: string; deploymentId?: number; run?: RunContext; warn: (message: string) => void }
  ) {
    this.context = options.run ?? readRunContext()
    this.octokit = getOctokit(token, { baseUrl: this.context.apiUrl })
    this.deploymentId = options.deploymentId
  }

  get id(): number | undefined {
    return this.deploymentId
  }

  async set(state: DeploymentState, description: string): Promise<void> {
    const { owner, repo } = this.context.repository
    try {
      if (this.deploymentId === undefined) {
        const created = await this.octokit.rest.repos.createDeployment({
          owner,
          repo,
          ref: this.context.sha,
          environment: this.options.environment!,
          auto_merge: false,
          required_contexts: [],
          description: 'health-rollback'
        })
        if (!('id' in created.data)) throw new Error(`GitHub did not create the deployment: ${JSON.stringify(created.data)}`)
        this.deploymentId = created.data.id
      }
      await this.octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: this.deploymentId,
        state,
        description: description.length > 140 ? `${description.slice(0, 137)}...` : description,
        log_url: runUrl(this.context),
        ...(this.options.environment ? { environment: this.options.environment } : {}),
        auto_inactive: state === 'success'
      })
    } catch (error) {
      this.options.warn(`could not set the GitHub Deployment status to ${state}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
