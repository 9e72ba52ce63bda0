/**
 * The bundle's entry (dist/index.js). Run by the runner it is the action; the post step
 * (dist/post/index.js) and the CLI (bin/job-action.js) import it for runPost and runCli.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { run } from './main.js'

export { runCli } from './cli/runCli.js'
export { runPost } from './post.js'

function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint())
  run().catch((error: unknown) => {
    // Not a user mistake (those are reported by run itself): say so, with the stack for a bug report.
    process.exitCode = 1
    console.log(
      `::error::job-action failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`
    )
    if (error instanceof Error && error.stack) console.log(`::debug::${error.stack.replace(/\n/g, '%0A')}`)
  })
