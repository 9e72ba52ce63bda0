#!/usr/bin/env node
// The CLI runs the same bundle as the action (dist/index.js), built from src/ by `npm run bundle`.
// On a Node.js older than package.json's engines it says so, rather than failing somewhere inside
// the bundle; the bundle is imported only after that check.
const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  console.error(`job-action needs Node.js 20 or newer; this is Node.js ${process.versions.node}.`)
  process.exit(1)
}
const { runCli } = await import('../dist/index.js')

process.exitCode = await runCli(process.argv.slice(2))
