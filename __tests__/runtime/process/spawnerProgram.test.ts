/**
 * The spawner's program is src/runtime/process/spawner.py: it compiles as Python, and the module the
 * bundle carries it in (scripts/gen-spawner-program.mjs) holds exactly that file.
 */
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { SPAWNER_PROGRAM } from '../../../src/runtime/process/spawnerProgram.generated.js'
import { makeTempDir } from './support/harness.js'

const SOURCE = 'src/runtime/process/spawner.py'

describe('spawner.py', () => {
  test('compiles (python3 -m py_compile)', () => {
    // Its bytecode goes to a directory of its own, not into src/.
    const cache = makeTempDir('pycache')
    try {
      execFileSync('python3', ['-m', 'py_compile', SOURCE], {
        env: { ...process.env, PYTHONPYCACHEPREFIX: cache.dir },
        stdio: ['ignore', 'pipe', 'pipe']
      })
    } finally {
      cache.remove()
    }
  })

  test('spawnerProgram.generated.ts is up to date with it', () => {
    const output = execFileSync(process.execPath, ['scripts/gen-spawner-program.mjs', '--check'], {
      encoding: 'utf8'
    })
    expect(output).toMatch(/is up to date/)
  })

  test('the generated constant is the file, byte for byte', () => {
    expect(SPAWNER_PROGRAM).toBe(readFileSync(SOURCE, 'utf8'))
  })
})
