/**
 * The pull-request comment: its body (marker, report, link to the run, 65,536-character cap) and
 * its publication against a local server speaking the GitHub API — one comment per Job, updated in
 * place, never someone else's, and a read-only token costing one warning, not the step.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commentMarker, renderComment, runUrl } from '../../src/report/comment.js'
import {
  commentOnPullRequest,
  publishComments,
  pullRequestNumber,
  sameLogin,
  type CommentOutcome
} from '../../src/report/publishComment.js'
import type { JobRunResult } from '../../src/runner/jobRun.js'
import { startFakeGitHub, type FakeGitHub } from './commentServer.js'
import {
  cleanupLogs,
  complete,
  hostile,
  indexedFailed,
  mask,
  secret,
  tempLogsRoot
} from './summaryFixtures.js'

const root = tempLogsRoot()
afterAll(() => cleanupLogs(root))
const servers: FakeGitHub[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function github(options: Parameters<typeof startFakeGitHub>[0]): Promise<FakeGitHub> {
  const server = await startFakeGitHub(options)
  servers.push(server)
  return server
}

const context = { serverUrl: 'https://github.com', repository: 'octo/app', runId: '42' }
const tokens = {
  'ghs-workflow': { login: 'github-actions[bot]', installation: true },
  'ghs-fork': { login: 'github-actions[bot]', installation: true, readOnly: true },
  'ghp-person': { login: 'mona' }
}

function eventFile(name: string, payload: unknown): string {
  const file = path.join(root, `${name}.json`)
  fs.writeFileSync(file, JSON.stringify(payload))
  return file
}

interface Logged {
  info: string[]
  warning: string[]
  notice: string[]
}

function recorder(): Logged & {
  log: { info(m: string): void; warning(m: string): void; notice(m: string): void }
} {
  const logged: Logged = { info: [], warning: [], notice: [] }
  return {
    ...logged,
    log: {
      info: m => logged.info.push(m),
      warning: m => logged.warning.push(m),
      notice: m => logged.notice.push(m)
    }
  }
}

/** One workflow run of the action with comment: true, as main.ts calls it. */
function commentRun(
  server: FakeGitHub,
  results: JobRunResult[],
  describe: (r: JobRunResult) => string,
  options: {
    token?: string
    runId: string
    event?: string
    eventName?: string
    logged?: ReturnType<typeof recorder>
  }
): Promise<CommentOutcome[]> {
  const logged = options.logged ?? recorder()
  return commentOnPullRequest({
    results,
    describe,
    logsDir: root,
    mask,
    token: options.token ?? 'ghs-workflow',
    env: {
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH:
        options.event ?? eventFile('pr-7', { action: 'synchronize', pull_request: { number: 7 } }),
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_API_URL: server.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: options.runId,
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: 'test'
    },
    log: logged.log
  })
}

describe('the comment body', () => {
  test('a hidden marker naming the Job, the report, and a link to the run', () => {
    const c = indexedFailed(root)
    const { marker, body, cut } = renderComment({
      result: c.result,
      describe: c.describe,
      logsDir: c.logsDir,
      mask,
      context
    })
    expect(marker).toBe('<!-- job-action report job=default%2Fshards -->')
    expect(body.startsWith(`${marker}\n## ❌ Job \`shards\` Failed: FailedIndexes\n`)).toBe(true)
    expect(
      body.endsWith(
        '\n---\n<sub>Reported by job-action in [run 42](https://github.com/octo/app/actions/runs/42).</sub>\n'
      )
    ).toBe(true)
    expect(cut).toBe(false)
  })

  test('the Secret never reaches it', () => {
    const c = hostile(root)
    const { body } = renderComment({
      result: c.result,
      describe: c.describe,
      logsDir: c.logsDir,
      mask,
      context
    })
    expect(body).not.toContain(secret)
    expect(body).toContain('password=***')
  })

  test.each([1_000, 5_000, 65_536])(
    'cut to %d characters, it says so and links to the whole report',
    limit => {
      const c = indexedFailed(root)
      const { body, cut } = renderComment({
        result: c.result,
        describe: c.describe,
        logsDir: c.logsDir,
        mask,
        context,
        limit
      })
      expect(body.length).toBeLessThanOrEqual(limit)
      if (limit < 65_536) {
        expect(cut).toBe(true)
        expect(body).toContain(
          'Cut to fit a comment: the whole report is in the step summary of [run 42](https://github.com/octo/app/actions/runs/42).'
        )
      }
    }
  )

  test.each([
    ['the Job alone', {}, '<!-- job-action report job=default%2Fpi -->'],
    [
      'with the workflow and its job',
      { workflow: 'CI / e2e --> "x"', workflowJob: 'test' },
      '<!-- job-action report job=default%2Fpi workflow=CI%20%2F%20e2e%20--%3E%20%22x%22 workflow-job=test -->'
    ]
  ])('marker: %s', (_name, where, expected) => {
    expect(commentMarker('default', 'pi', where)).toBe(expected)
  })

  test('the run link honours a GitHub Enterprise Server URL', () => {
    expect(runUrl({ serverUrl: 'https://ghe.example.com/', repository: 'o/r', runId: '9' })).toBe(
      'https://ghe.example.com/o/r/actions/runs/9'
    )
  })
})

describe('which pull request', () => {
  test.each([
    ['pull_request', { pull_request: { number: 7 } }, 7],
    ['pull_request_target', { action: 'opened', pull_request: { number: 12, head: {} } }, 12],
    ['issue_comment on a pull request', { issue: { number: 5, pull_request: { url: 'x' } } }, 5],
    ['issue_comment on an issue', { issue: { number: 5 } }, undefined],
    ['push', { ref: 'refs/heads/main' }, undefined],
    ['not an object', 3, undefined]
  ])('%s', (name, payload, expected) => {
    expect(pullRequestNumber(eventFile(name.replace(/\W/g, '-'), payload))).toBe(expected)
  })

  test('no event file, or not JSON', () => {
    expect(pullRequestNumber(undefined)).toBeUndefined()
    expect(pullRequestNumber(path.join(root, 'missing.json'))).toBeUndefined()
    fs.writeFileSync(path.join(root, 'bad.json'), '{')
    expect(pullRequestNumber(path.join(root, 'bad.json'))).toBeUndefined()
  })

  test.each([
    ['REST bot and GraphQL bot', 'github-actions[bot]', 'github-actions', true],
    ['the same user, another case', 'Mona', 'mona', true],
    ['someone else', 'mallory', 'github-actions[bot]', false],
    ['no login', undefined, 'mona', false]
  ])('same login: %s', (_name, a, b, expected) => {
    expect(sameLogin(a, b)).toBe(expected)
  })
})

describe('publishing against a local GitHub API', () => {
  test('three runs on the same pull request leave exactly one comment per Job, updated in place', async () => {
    const server = await github({ tokens })
    // Enough conversation before it that the comments come in two pages.
    for (let i = 0; i < 130; i++) server.addComment(7, i % 2 ? 'mona' : 'dependabot[bot]', `comment ${i}`)
    const a = complete(root)
    const b = hostile(root)
    const describe = (r: JobRunResult): string => (r === a.result ? a.describe : b.describe)
    const outcomes: CommentOutcome[][] = []
    for (const runId of ['101', '102', '103'])
      outcomes.push(await commentRun(server, [a.result, b.result], describe, { runId }))

    expect(outcomes.map(run => run.map(o => `${o.jobName}:${o.action}`))).toEqual([
      ['pi:created', 'migrate:created'],
      ['pi:updated', 'migrate:updated'],
      ['pi:updated', 'migrate:updated']
    ])
    const ours = (server.comments.get(7) ?? []).filter(c => c.user.login === 'github-actions[bot]')
    expect(ours).toHaveLength(2)
    expect(ours.map(c => c.body.split('\n')[0])).toEqual([
      '<!-- job-action report job=default%2Fpi workflow=CI workflow-job=test -->',
      '<!-- job-action report job=default%2Fmigrate workflow=CI workflow-job=test -->'
    ])
    for (const comment of ours)
      expect(comment.body).toContain('[run 103](https://github.com/octo/app/actions/runs/103)')
    expect(server.comments.get(7)).toHaveLength(132)
    // The token's login came from GraphQL: GET /user is forbidden to an installation token.
    expect(server.requests.filter(r => r.startsWith('GET /user'))).toEqual([])
    expect(server.requests.filter(r => r.includes('/comments?')).some(r => r.includes('page=2'))).toBe(true)
  })

  test('a comment with the marker written by another login is left alone', async () => {
    const server = await github({ tokens })
    const c = complete(root)
    const marker = '<!-- job-action report job=default%2Fpi workflow=CI workflow-job=test -->'
    const planted = server.addComment(7, 'mallory', `${marker}\nall green, merge it`)
    await commentRun(server, [c.result], () => c.describe, { runId: '1' })
    await commentRun(server, [c.result], () => c.describe, { runId: '2' })
    const thread = server.comments.get(7) ?? []
    expect(thread).toHaveLength(2)
    expect(thread[0]).toEqual({ ...planted, body: `${marker}\nall green, merge it` })
    expect(thread[1].user.login).toBe('github-actions[bot]')
    expect(thread[1].body).toContain('[run 2]')
  })

  test('a read-only token (a fork pull request): one warning for all Jobs, nothing thrown', async () => {
    const server = await github({ tokens })
    const a = complete(root)
    const b = hostile(root)
    const logged = recorder()
    const outcomes = await commentRun(
      server,
      [a.result, b.result],
      r => (r === a.result ? a.describe : b.describe),
      {
        token: 'ghs-fork',
        runId: '5',
        logged
      }
    )
    expect(outcomes).toEqual([])
    expect(logged.warning).toHaveLength(1)
    expect(logged.warning[0]).toBe(
      'The report was not commented on pull request #7: Resource not accessible by integration - ' +
        'https://docs.github.com/rest (HTTP 403). The token may only read — as for a pull request from a fork — ' +
        'or the workflow lacks "permissions: pull-requests: write". The report is in the step summary.'
    )
    expect(server.requests.filter(r => r.startsWith('POST /repos'))).toHaveLength(1)
    expect(server.comments.get(7)).toBeUndefined()
  })

  test('GitHub Enterprise Server: GITHUB_API_URL /api/v3, GraphQL at /api/graphql', async () => {
    const server = await github({ tokens, enterprise: true })
    const c = complete(root)
    const first = await commentRun(server, [c.result], () => c.describe, { runId: '1' })
    const second = await commentRun(server, [c.result], () => c.describe, { runId: '2' })
    expect([...first, ...second].map(o => o.action)).toEqual(['created', 'updated'])
    expect(server.requests).toContain('POST /api/graphql')
    expect(server.requests.every(r => r.includes(' /api/'))).toBe(true)
  })

  test('no GraphQL: the login comes from GET /user (a personal token)', async () => {
    const server = await github({ tokens, graphql: false })
    const c = complete(root)
    await commentRun(server, [c.result], () => c.describe, { token: 'ghp-person', runId: '1' })
    await commentRun(server, [c.result], () => c.describe, { token: 'ghp-person', runId: '2' })
    expect((server.comments.get(7) ?? []).map(x => x.user.login)).toEqual(['mona'])
    expect(server.requests.filter(r => r === 'GET /user')).toHaveLength(2)
  })

  test('a body that has not changed is not written again', async () => {
    const server = await github({ tokens })
    const c = complete(root)
    const comment = { jobName: 'pi', marker: '<!-- m -->', body: '<!-- m -->\nsame' }
    const target = {
      token: 'ghs-workflow',
      apiUrl: server.apiUrl,
      owner: 'octo',
      repo: 'app',
      issueNumber: 7
    }
    const logged = recorder()
    const first = await publishComments(target, [comment], logged.log)
    const second = await publishComments(target, [comment], logged.log)
    expect([...first, ...second].map(o => o.action)).toEqual(['created', 'unchanged'])
    expect(server.requests.filter(r => r.startsWith('PATCH'))).toEqual([])
    expect(logged.info).toEqual([
      expect.stringMatching(
        /^Comment for Job pi created: https:\/\/github\.com\/octo\/app\/pull\/7#issuecomment-\d+$/
      ),
      expect.stringMatching(/^Comment for Job pi unchanged: /)
    ])
    expect(c.result.job.metadata.name).toBe('pi')
  })

  test('not a pull request: a notice, and no request at all', async () => {
    const server = await github({ tokens })
    const c = complete(root)
    const logged = recorder()
    const outcomes = await commentRun(server, [c.result], () => c.describe, {
      runId: '1',
      event: eventFile('push', { ref: 'refs/heads/main' }),
      eventName: 'push',
      logged
    })
    expect(outcomes).toEqual([])
    expect(logged.notice).toEqual([
      'comment: this run is not for a pull request (event push), so no comment was written.'
    ])
    expect(server.requests).toEqual([])
  })

  test('an API that does not answer as expected: one warning naming the error', async () => {
    const server = await github({ tokens })
    const c = complete(root)
    const logged = recorder()
    await commentRun(server, [c.result], () => c.describe, { token: 'unknown-token', runId: '1', logged })
    expect(logged.warning).toEqual([
      expect.stringMatching(
        /^The report was not commented on pull request #7: Bad credentials.*The report is in the step summary\.$/
      )
    ])
  })
})
