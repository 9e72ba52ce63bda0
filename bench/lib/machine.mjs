// What the figures were measured on: the machine, the tools' versions, the date and the load.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .split('\n')[0]
      .trim()
  } catch {
    return undefined
  }
}

function osName() {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))
    return match?.[1] ?? os.type()
  } catch {
    return `${os.type()} ${os.release()}`
  }
}

export function has(command) {
  return firstLine('sh', ['-c', `command -v ${command}`]) !== undefined
}

export function dockerServerVersion() {
  return firstLine('docker', ['version', '--format', '{{.Server.Version}}'])
}

export function machineInfo(root) {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${os.availableParallelism()} × ${cpus[0]?.model ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${osName()}, kernel ${os.release()}`,
    node: process.version,
    xargs: firstLine('xargs', ['--version']),
    parallel: firstLine('parallel', ['--version']),
    python: firstLine('python3', ['--version']),
    docker: dockerServerVersion(),
    commit: firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    dirty: (firstLine('git', ['-C', root, 'status', '--porcelain', '--', 'src']) ?? '') !== '',
    load: os.loadavg()
  }
}

export const loadText = () =>
  os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' / ')

/**
 * What making a pod's folder and empty log file costs in the scratch folder. On these machines the
 * same ext4 disk gives 30–80 µs in most folders and 500 µs or more in block groups crowded by large
 * deletes (online discard): /tmp after a few benchmark runs. The scheduling figures depend on it,
 * so RESULTS.md says what the disk was like.
 */
export function diskProbe(scratch, pods = 2000) {
  const dir = path.join(scratch, 'disk-probe')
  mkdirSync(dir)
  const started = process.hrtime.bigint()
  for (let i = 0; i < pods; i++) {
    const pod = path.join(dir, `probe-${i}-x7k2p`)
    mkdirSync(pod, 0o755)
    closeSync(openSync(path.join(pod, 'c.log'), 'wx', 0o644))
  }
  const micros = Number(process.hrtime.bigint() - started) / 1000 / pods
  rmSync(dir, { recursive: true, force: true })
  return { pods, microsPerPod: Math.round(micros) }
}
