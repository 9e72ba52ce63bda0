/**
 * The process runtime's volume links on a real file system: made for a pod, shared or taken in
 * turn by pods needing the same path, removed with the pod, and removed by the post step after a
 * run that could not clean up.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { MountError, PodVolumes, removeRunVolumes } from '../../../src/runtime/process/processVolumes.js'
import type { PodSpec } from '../../../src/api/model.js'

let base: string
let root: string
beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-volumes-test-')))
  root = path.join(base, 'root')
})
afterEach(() => fs.rmSync(base, { recursive: true, force: true }))

const spec = (volumes: PodSpec['volumes'], mountPath: string, subPath?: string): PodSpec => ({
  volumes,
  containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath, ...(subPath ? { subPath } : {}) }] }]
})
const emptyDir = [{ name: 'v', emptyDir: {} }]
const isLink = (p: string): boolean => fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false

describe('PodVolumes', () => {
  test('an emptyDir: a link to a new folder of the pod, both gone when the pod ends', async () => {
    const volumes = new PodVolumes('run-1', base, root)
    const mountPath = path.join(base, 'scratch')
    const release = await volumes.prepare('pod-1', spec(emptyDir, mountPath, 'sub/dir'))
    expect(fs.readlinkSync(mountPath)).toBe(path.join(root, 'run-1', 'pod-1', 'v', 'sub', 'dir'))
    fs.writeFileSync(path.join(mountPath, 'f'), 'x')
    expect(fs.readdirSync(path.join(root, 'run-1', 'pod-1', 'v', 'sub', 'dir'))).toEqual(['f'])
    await release()
    expect(isLink(mountPath)).toBe(false)
    expect(fs.existsSync(path.join(root, 'run-1', 'pod-1'))).toBe(false)
    await volumes.removeAll()
    expect(fs.existsSync(root)).toBe(false)
  })

  test('two pods needing one emptyDir path take turns; the second gets a fresh folder', async () => {
    const volumes = new PodVolumes('run-1', base, root)
    const mountPath = path.join(base, 'scratch')
    const releaseFirst = await volumes.prepare('pod-1', spec(emptyDir, mountPath))
    fs.writeFileSync(path.join(mountPath, 'from-1'), '')
    let secondReady = false
    const second = volumes.prepare('pod-2', spec(emptyDir, mountPath)).then(release => {
      secondReady = true
      return release
    })
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(secondReady).toBe(false)
    await releaseFirst()
    const releaseSecond = await second
    expect(fs.readlinkSync(mountPath)).toBe(path.join(root, 'run-1', 'pod-2', 'v'))
    expect(fs.readdirSync(mountPath)).toEqual([])
    await releaseSecond()
    await volumes.removeAll()
  })

  test('pods linking the same hostPath share the link until the last one ends', async () => {
    fs.mkdirSync(path.join(base, 'cache'))
    const volumes = new PodVolumes('run-1', base, root)
    const hostPath = [{ name: 'v', hostPath: { path: 'cache', type: 'Directory' } }]
    const mountPath = path.join(base, 'view')
    const [a, b] = await Promise.all([
      volumes.prepare('a', spec(hostPath, mountPath)),
      volumes.prepare('b', spec(hostPath, mountPath))
    ])
    // A relative hostPath is relative to the workspace.
    expect(fs.readlinkSync(mountPath)).toBe(path.join(base, 'cache'))
    await a()
    expect(isLink(mountPath)).toBe(true)
    await b()
    expect(isLink(mountPath)).toBe(false)
    expect(fs.existsSync(path.join(base, 'cache'))).toBe(true)
  })

  test.each([
    ['Directory', 'missing', 'hostPath type check failed: <base>/missing is not a directory'],
    ['File', 'dir', 'hostPath type check failed: <base>/dir is not a file'],
    ['Socket', 'dir', 'hostPath type check failed: <base>/dir is not a socket file'],
    ['Bogus', 'dir', 'Bogus is an invalid volume type']
  ])('hostPath type %s on %s: the kubelet message', async (type, name, reason) => {
    fs.mkdirSync(path.join(base, 'dir'))
    const volumes = new PodVolumes('run-1', base, root)
    const mountPath = path.join(base, name)
    const attempt = volumes.prepare(
      'p',
      spec([{ name: 'v', hostPath: { path: mountPath, type } }], mountPath)
    )
    await expect(attempt).rejects.toThrow(
      new MountError(`MountVolume.SetUp failed for volume "v" : ${reason.replace('<base>', base)}`)
    )
  })

  test.each([
    ['DirectoryOrCreate', 'a directory', (p: string) => fs.statSync(p).isDirectory()],
    ['FileOrCreate', 'an empty file', (p: string) => fs.statSync(p).size === 0 && fs.statSync(p).isFile()]
  ])('hostPath type %s creates %s', async (type, _what, check) => {
    const volumes = new PodVolumes('run-1', base, root)
    const mountPath = path.join(base, 'made')
    const release = await volumes.prepare(
      'p',
      spec([{ name: 'v', hostPath: { path: mountPath, type } }], mountPath)
    )
    expect(check(mountPath)).toBe(true)
    await release()
    expect(check(mountPath)).toBe(true)
  })

  test('a mountPath taken meanwhile: a clear error, nothing left half made', async () => {
    const volumes = new PodVolumes('run-1', base, root)
    const mountPath = path.join(base, 'taken')
    fs.mkdirSync(mountPath)
    await expect(volumes.prepare('p', spec(emptyDir, mountPath))).rejects.toThrow(
      `MountVolume.SetUp failed for volume "v" : ${mountPath} already exists on the runner`
    )
    expect(fs.existsSync(path.join(root, 'run-1', 'p'))).toBe(false)
  })
})

describe('removeRunVolumes (the post step)', () => {
  test('removes the links a killed run left, and only those still pointing where it put them', async () => {
    const volumes = new PodVolumes('run-1', base, root)
    const left = path.join(base, 'left')
    const replaced = path.join(base, 'replaced')
    await volumes.prepare('p', {
      ...spec(emptyDir, left),
      initContainers: [{ name: 'i', volumeMounts: [{ name: 'v', mountPath: replaced }] }]
    })
    // Someone else has put their own link there since.
    fs.unlinkSync(replaced)
    fs.symlinkSync('/tmp', replaced)
    expect(await removeRunVolumes('run-1', root)).toBe(1)
    expect(isLink(left)).toBe(false)
    expect(fs.readlinkSync(replaced)).toBe('/tmp')
    expect(fs.existsSync(root)).toBe(false)
    expect(await removeRunVolumes('run-1', root)).toBe(0)
  })
})
