/**
 * The CLI from src/ as a real process, without the bundle: src/ transpiled file by file (no type
 * check, a second or two) into a temporary folder that sees the project's node_modules. A
 * process of its own is what a run's lock, exit code, stderr, closed stdout and peak memory need
 * to be tested as they are (bin/job-action.js runs dist/, built from src/ only by `npm run bundle`).
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..')

export interface TranspiledCli {
  /** The entry to run with node: `node <entry> run -f …`. */
  entry: string
  remove(): void
}

function transpileTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    if (entry.isDirectory()) {
      fs.mkdirSync(path.join(to, entry.name), { recursive: true })
      transpileTree(source, path.join(to, entry.name))
    } else if (entry.name.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: source
      })
      fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), outputText)
    } else fs.copyFileSync(source, path.join(to, entry.name))
  }
}

export function transpileCli(): TranspiledCli {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-cli-src-'))
  fs.mkdirSync(path.join(dir, 'src'))
  transpileTree(path.join(root, 'src'), path.join(dir, 'src'))
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n')
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'))
  const entry = path.join(dir, 'cli.js')
  fs.writeFileSync(
    entry,
    [
      "import * as fs from 'node:fs'",
      "import { runCli } from './src/cli/runCli.js'",
      // Written at exit, after everything: the peak RSS of the whole run in kilobytes, when asked for.
      "process.on('exit', () => { if (process.env.MAX_RSS_FILE) fs.writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS)) })",
      'process.exitCode = await runCli(process.argv.slice(2))',
      ''
    ].join('\n')
  )
  return { entry, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

export interface CliRun {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Killed after timeoutMs: it hung. */
  timedOut: boolean
}

/** Runs the CLI; resolves when it exits, or kills it after timeoutMs. */
export function runCliProcess(
  entry: string,
  args: string[],
  options: { input?: string; timeoutMs?: number; cwd?: string } = {}
): Promise<CliRun> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, GITHUB_ACTIONS: '', NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  child.stdin.end(options.input ?? '')
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, options.timeoutMs ?? 30_000)
  return new Promise(resolve =>
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      resolve({ status, signal, stdout, stderr, timedOut })
    })
  )
}
