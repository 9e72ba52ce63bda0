#!/usr/bin/env node
// The CLI runs the same bundle as the action (dist/index.js), built from src/ by `npm run bundle`.
import { runCli } from '../dist/index.js'

process.exitCode = await runCli(process.argv.slice(2))
