import { afterEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pauseProgram, singleFileTar } from '../../../src/runtime/docker/pauseImage.js'

describe('the pause program', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  test.each([
    { arch: 'x64' as const, machine: 62 },
    { arch: 'arm64' as const, machine: 183 }
  ])('is a static ELF executable for $arch', ({ arch, machine }) => {
    const elf = pauseProgram(arch)
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF')
    expect(elf.readUInt16LE(18)).toBe(machine)
    expect(elf.readBigUInt64LE(24)).toBe(0x400000n + 120n)
    expect(elf.readBigUInt64LE(96)).toBe(BigInt(elf.length))
  })

  test('is refused for an architecture it has no code for', () => {
    expect(() => pauseProgram('ia32')).toThrow('no pause program for the ia32 architecture')
  })

  // Runs the program of this machine's architecture on the host itself, without docker.
  const native = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')
  ;(native ? test : test.skip)(
    'creates its argument folders with mode 0777, then sleeps until killed',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'job-action-pause-'))
      dirs.push(dir)
      const program = join(dir, 'pause')
      writeFileSync(program, pauseProgram(), { mode: 0o755 })
      const child = spawn(program, [join(dir, 'a'), join(dir, 'a/b')], { stdio: 'ignore' })
      const exited = new Promise<NodeJS.Signals | null>(resolve =>
        child.on('exit', (_code, signal) => resolve(signal))
      )
      try {
        const deadline = Date.now() + 5000
        while (!isDir(join(dir, 'a/b')) && Date.now() < deadline)
          await new Promise(resolve => setTimeout(resolve, 10))
        expect(statSync(join(dir, 'a')).mode & 0o7777).toBe(0o777)
        expect(statSync(join(dir, 'a/b')).mode & 0o7777).toBe(0o777)
        await new Promise(resolve => setTimeout(resolve, 100))
        expect(child.exitCode).toBeNull()
        child.kill('SIGTERM')
        expect(await exited).toBe('SIGTERM')
      } finally {
        // A failed expectation must not leave the program sleeping (and jest waiting for it).
        child.kill('SIGKILL')
      }
    }
  )

  test('goes into a tar archive docker can import', () => {
    const tar = singleFileTar('pause', Buffer.from('abc'))
    expect(tar.length).toBe(512 * 4)
    expect(tar.subarray(0, 5).toString()).toBe('pause')
    expect(tar.subarray(257, 262).toString()).toBe('ustar')
    const sum = [...tar.subarray(0, 512)].reduce(
      (total, byte, index) => total + (index >= 148 && index < 156 ? 32 : byte),
      0
    )
    expect(parseInt(tar.subarray(148, 155).toString(), 8)).toBe(sum)
    expect(tar.subarray(512, 515).toString()).toBe('abc')
  })
})

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
