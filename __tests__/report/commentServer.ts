/**
 * A local HTTP server speaking the subset of the GitHub API the comment uses: GraphQL `viewer`,
 * GET /user, issue comments listed (paginated with Link headers), created and updated — on
 * GitHub.com paths or GitHub Enterprise Server ones (/api/v3, /api/graphql). Tokens decide who is
 * asking and what they may do, the way GitHub answers the workflow's GITHUB_TOKEN: an
 * installation token cannot GET /user, a read-only one (fork pull requests) cannot write.
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeToken {
  login: string
  /** An installation token (GITHUB_TOKEN): GET /user is forbidden. */
  installation?: boolean
  readOnly?: boolean
}

export interface FakeComment {
  id: number
  body: string
  user: { login: string; type: string }
  html_url: string
  created_at: string
  updated_at: string
}

export interface FakeGitHub {
  /** What to give as GITHUB_API_URL. */
  apiUrl: string
  /** Comments by issue number. */
  comments: Map<number, FakeComment[]>
  requests: string[]
  addComment(issue: number, login: string, body: string): FakeComment
  close(): Promise<void>
}

const forbidden = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
  status: '403'
}

export async function startFakeGitHub(options: {
  tokens: Record<string, FakeToken>
  enterprise?: boolean
  graphql?: boolean
  owner?: string
  repo?: string
}): Promise<FakeGitHub> {
  const prefix = options.enterprise ? '/api/v3' : ''
  const graphqlPath = options.enterprise ? '/api/graphql' : '/graphql'
  const repoPath = `${prefix}/repos/${options.owner ?? 'octo'}/${options.repo ?? 'app'}`
  const comments = new Map<number, FakeComment[]>()
  const requests: string[] = []
  let nextId = 1000
  let origin = ''

  const addComment = (issue: number, login: string, body: string): FakeComment => {
    const now = new Date(Date.UTC(2026, 3, 16, 10, 0, nextId - 1000)).toISOString()
    const comment: FakeComment = {
      id: nextId++,
      body,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.com/octo/app/pull/${issue}#issuecomment-${nextId - 1}`,
      created_at: now,
      updated_at: now
    }
    comments.set(issue, [...(comments.get(issue) ?? []), comment])
    return comment
  }

  const server = http.createServer((request, response) => {
    let raw = ''
    request.on('data', chunk => (raw += chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      requests.push(`${request.method} ${url.pathname}${url.search}`)
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        response.end(JSON.stringify(body))
      }
      const token = options.tokens[(request.headers.authorization ?? '').replace(/^(token|bearer) /i, '')]
      if (!token) return send(401, { message: 'Bad credentials' })
      const input = raw ? (JSON.parse(raw) as { body?: string; query?: string }) : {}

      if (request.method === 'POST' && url.pathname === graphqlPath) {
        if (options.graphql === false) return send(404, { message: 'Not Found' })
        if (!/viewer\s*\{\s*login\s*\}/.test(input.query ?? ''))
          return send(400, { message: 'unexpected query' })
        return send(200, { data: { viewer: { login: token.login } } })
      }
      if (request.method === 'GET' && url.pathname === `${prefix}/user`) {
        return token.installation ? send(403, forbidden) : send(200, { login: token.login, type: 'User' })
      }
      const list = new RegExp(`^${repoPath}/issues/(\\d+)/comments$`).exec(url.pathname)
      if (list && request.method === 'GET') {
        const all = comments.get(Number(list[1])) ?? []
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
        const page = Number(url.searchParams.get('page') ?? 1)
        const pages = Math.max(1, Math.ceil(all.length / perPage))
        const headers: Record<string, string> = {}
        if (page < pages) {
          const next = new URL(url.toString())
          next.searchParams.set('page', String(page + 1))
          headers.link = `<${origin}${next.pathname}${next.search}>; rel="next", <${origin}${next.pathname}?per_page=${perPage}&page=${pages}>; rel="last"`
        }
        return send(200, all.slice((page - 1) * perPage, page * perPage), headers)
      }
      const tooLong = (input.body ?? '').length > 65_536
      if (list && request.method === 'POST') {
        if (token.readOnly) return send(403, forbidden)
        if (tooLong)
          return send(422, {
            message: 'Validation Failed',
            errors: [{ message: 'Body is too long (maximum is 65536 characters)' }]
          })
        return send(201, addComment(Number(list[1]), token.login, input.body ?? ''))
      }
      const one = new RegExp(`^${repoPath}/issues/comments/(\\d+)$`).exec(url.pathname)
      if (one && request.method === 'PATCH') {
        if (token.readOnly) return send(403, forbidden)
        if (tooLong)
          return send(422, {
            message: 'Validation Failed',
            errors: [{ message: 'Body is too long (maximum is 65536 characters)' }]
          })
        for (const thread of comments.values()) {
          const comment = thread.find(c => c.id === Number(one[1]))
          if (!comment) continue
          if (comment.user.login !== token.login) return send(403, forbidden)
          comment.body = input.body ?? ''
          comment.updated_at = new Date().toISOString()
          return send(200, comment)
        }
        return send(404, { message: 'Not Found' })
      }
      return send(404, { message: 'Not Found' })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    apiUrl: `${origin}${prefix}`,
    comments,
    requests,
    addComment,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        // The client keeps its connections alive; they would hold close() open.
        server.closeAllConnections()
      })
  }
}
