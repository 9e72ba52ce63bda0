/**
 * Creating or updating the pull-request comments through the REST API (GitHub.com or a GitHub
 * Enterprise Server at GITHUB_API_URL). A comment is ours when it carries the Job's marker and
 * was written by the token's own login — so a marker pasted by someone else is never
 * overwritten. A comment that cannot be written never fails the step: the report is in the step
 * summary anyway, and a pull request from a fork only ever gets a read-only token.
 */
import * as fs from 'node:fs'
import { getOctokit } from '@actions/github'
import type { JobRunResult } from './runResult.js'
import { renderComment, type RunContext } from './comment.js'

type Octokit = ReturnType<typeof getOctokit>

export interface CommentTarget {
  token: string
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string
  owner: string
  repo: string
  /** The pull request's number (its issue number). */
  issueNumber: number
}

export interface CommentToPublish {
  jobName: string
  marker: string
  body: string
}

export interface CommentOutcome {
  jobName: string
  action: 'created' | 'updated' | 'unchanged'
  url: string
}

export interface PublishLog {
  info(message: string): void
  warning(message: string): void
}

/** The pull request a run is for, from its event payload (GITHUB_EVENT_PATH); undefined for any other run. */
export function pullRequestNumber(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined
  let payload: unknown
  try {
    payload = JSON.parse(fs.readFileSync(eventPath, 'utf8'))
  } catch {
    return undefined
  }
  if (typeof payload !== 'object' || payload === null) return undefined
  const event = payload as {
    pull_request?: { number?: unknown }
    issue?: { number?: unknown; pull_request?: unknown }
  }
  // pull_request and pull_request_target carry the pull request; issue_comment on one carries an issue that is one.
  const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined)
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined
}

/** Logins compared the way GitHub shows them: a bot is `name[bot]` over REST, `name` over GraphQL. */
export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  const normal = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, '')
  return a !== undefined && b !== undefined && normal(a) === normal(b)
}

/**
 * The token's login. GET /user answers 403 to the workflow's GITHUB_TOKEN (an installation
 * token), while GraphQL's viewer names any token's user or bot; GET /user is the fallback where
 * GraphQL is not reachable, and `github-actions[bot]`, the login of the default token, the last.
 */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    if (data.viewer?.login) return data.viewer.login
  } catch {
    // next way
  }
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    if (data.login) return data.login
  } catch {
    // last way
  }
  return 'github-actions[bot]'
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const status = httpStatus(error)
  return status && !message.includes(String(status)) ? `${message} (HTTP ${status})` : message
}

export async function publishComments(
  target: CommentTarget,
  comments: readonly CommentToPublish[],
  log: PublishLog
): Promise<CommentOutcome[]> {
  const outcomes: CommentOutcome[] = []
  if (comments.length === 0) return outcomes
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl.replace(/\/+$/, '') })
  const where = { owner: target.owner, repo: target.repo }
  try {
    const login = await tokenLogin(octokit)
    const existing = await octokit.paginate(octokit.rest.issues.listComments, {
      ...where,
      issue_number: target.issueNumber,
      per_page: 100
    })
    for (const comment of comments) {
      const outcome = await upsert(comment)
      outcomes.push(outcome)
      log.info(`Comment for Job ${outcome.jobName} ${outcome.action}: ${outcome.url}`)
    }
    async function upsert(comment: CommentToPublish): Promise<CommentOutcome> {
      const ours = existing.find(
        c => sameLogin(c.user?.login, login) && (c.body ?? '').includes(comment.marker)
      )
      if (ours && ours.body === comment.body)
        return { jobName: comment.jobName, action: 'unchanged', url: ours.html_url }
      if (ours) {
        const { data } = await octokit.rest.issues.updateComment({
          ...where,
          comment_id: ours.id,
          body: comment.body
        })
        return { jobName: comment.jobName, action: 'updated', url: data.html_url }
      }
      const { data } = await octokit.rest.issues.createComment({
        ...where,
        issue_number: target.issueNumber,
        body: comment.body
      })
      return { jobName: comment.jobName, action: 'created', url: data.html_url }
    }
  } catch (error) {
    const pr = `pull request #${target.issueNumber}`
    log.warning(
      httpStatus(error) === 403
        ? `The report was not commented on ${pr}: ${errorText(error)}. The token may only read — as for a pull ` +
            `request from a fork — or the workflow lacks "permissions: pull-requests: write". The report is in the step summary.`
        : `The report was not commented on ${pr}: ${errorText(error)}. The report is in the step summary.`
    )
  }
  return outcomes
}

export interface PullRequestReportInput {
  results: readonly JobRunResult[]
  /** The describe text of a result, masked. */
  describe: (result: JobRunResult) => string
  logsDir: string
  mask: (text: string) => string
  token: string
  /** The runner's variables: GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID… */
  env: NodeJS.ProcessEnv
  log: PublishLog & { notice(message: string): void }
}

/** `comment: true`: one comment per Job on the run's pull request, or a notice saying why not. */
export async function commentOnPullRequest(input: PullRequestReportInput): Promise<CommentOutcome[]> {
  const { env, log } = input
  const issueNumber = pullRequestNumber(env.GITHUB_EVENT_PATH)
  if (issueNumber === undefined) {
    log.notice(
      `comment: this run is not for a pull request (event ${env.GITHUB_EVENT_NAME || 'unknown'}), so no comment was written.`
    )
    return []
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!input.token || !owner || !repo) {
    log.warning(
      `comment: ${input.token ? 'GITHUB_REPOSITORY is not set' : 'the github-token input is empty'}, so no comment was written.`
    )
    return []
  }
  const context: RunContext = {
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    repository: `${owner}/${repo}`,
    runId: env.GITHUB_RUN_ID || '0',
    workflow: env.GITHUB_WORKFLOW || undefined,
    workflowJob: env.GITHUB_JOB || undefined
  }
  const comments = input.results.map(result => {
    const rendered = renderComment({
      result,
      describe: input.describe(result),
      logsDir: input.logsDir,
      mask: input.mask,
      context
    })
    return { jobName: result.job.metadata.name, marker: rendered.marker, body: rendered.body }
  })
  return publishComments(
    { token: input.token, apiUrl: env.GITHUB_API_URL || 'https://api.github.com', owner, repo, issueNumber },
    comments,
    log
  )
}
