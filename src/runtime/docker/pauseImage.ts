/**
 * The pod's "pause" container holds its network (and IPC) namespace while the pod's containers come
 * and go, as the kubelet's sandbox does. No registry may be reachable and no image on the runner can be
 * assumed, so the image is made here: one static program written as machine code, imported with
 * `docker import` (~0.1 s, once per daemon).
 *
 * The program creates each directory named by its arguments (mkdir, then chmod 0777, as the kubelet
 * makes an emptyDir world-writable), then sleeps in pause()/ppoll() until it is killed. Sources:
 *
 *   x86-64                               aarch64
 *   _start: mov  rbx, [rsp]              _start: ldr  x19, [sp]
 *           lea  r12, [rsp+16]                   add  x20, sp, #16
 *   next:   dec  rbx                     next:   subs x19, x19, #1
 *           jz   sleep                           b.eq sleep
 *           mov  rdi, [r12]                      mov x0, #-100; ldr x1, [x20]; mov x2, #0x1ff
 *           mov  esi, 0x1ff                      mov x8, #34 (mkdirat); svc #0
 *           mov  eax, 83 (mkdir); syscall        mov x0, #-100; ldr x1, [x20]; mov x2, #0x1ff
 *           mov  rdi, [r12]                      mov x3, #0; mov x8, #53 (fchmodat); svc #0
 *           mov  esi, 0x1ff                      add  x20, x20, #8
 *           mov  eax, 90 (chmod); syscall        b    next
 *           add  r12, 8                  sleep:  mov x0..x3, #0; mov x8, #73 (ppoll); svc #0
 *           jmp  next                            b    sleep
 *   sleep:  mov  eax, 34 (pause); syscall
 *           jmp  sleep
 */
import { docker, runDocker } from './dockerCli.js'

export const PAUSE_IMAGE = 'job-action/pause:1'

const PROGRAMS: Partial<Record<NodeJS.Architecture, { machine: number; code: string }>> = {
  x64: {
    machine: 62,
    code:
      '488b1c244c8d64241048ffcb7426498b3c24beff010000b8530000000f05' +
      '498b3c24beff010000b85a0000000f054983c408ebd5b8220000000f05ebf7'
  },
  arm64: {
    machine: 183,
    code:
      'f30340f9f4430091730600f1c0010054600c8092810240f9e23f80d2480480d2010000d4600c8092810240f9' +
      'e23f80d2030080d2a80680d2010000d494220091f2ffff17000080d2010080d2020080d2030080d2280980d2' +
      '010000d4faffff17'
  }
}

const LOAD_ADDRESS = 0x400000n
const HEADERS = 64 + 56

/** A static ELF executable: the ELF header, one loadable segment, the code. */
export function pauseProgram(arch: NodeJS.Architecture = process.arch): Buffer {
  const program = PROGRAMS[arch]
  if (!program) throw new Error(`the docker runtime has no pause program for the ${arch} architecture`)
  const code = Buffer.from(program.code, 'hex')
  const size = BigInt(HEADERS + code.length)
  const elf = Buffer.alloc(HEADERS)
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]) // magic, 64-bit, little-endian, version 1
  elf.writeUInt16LE(2, 16) // executable
  elf.writeUInt16LE(program.machine, 18)
  elf.writeUInt32LE(1, 20)
  elf.writeBigUInt64LE(LOAD_ADDRESS + BigInt(HEADERS), 24) // entry point: the code after the headers
  elf.writeBigUInt64LE(64n, 32) // program headers right after this header
  elf.writeUInt16LE(64, 52)
  elf.writeUInt16LE(56, 54)
  elf.writeUInt16LE(1, 56)
  elf.writeUInt32LE(1, 64) // PT_LOAD
  elf.writeUInt32LE(5, 68) // readable, executable
  elf.writeBigUInt64LE(0n, 72)
  elf.writeBigUInt64LE(LOAD_ADDRESS, 80)
  elf.writeBigUInt64LE(LOAD_ADDRESS, 88)
  elf.writeBigUInt64LE(size, 96)
  elf.writeBigUInt64LE(size, 104)
  elf.writeBigUInt64LE(0x1000n, 112)
  return Buffer.concat([elf, code])
}

/** A tar archive holding one executable file. */
export function singleFileTar(name: string, content: Buffer, mode = 0o755): Buffer {
  const header = Buffer.alloc(512)
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0'
  header.write(name, 0, 100, 'utf8')
  header.write(octal(mode, 8), 100)
  header.write(octal(0, 8), 108)
  header.write(octal(0, 8), 116)
  header.write(octal(content.length, 12), 124)
  header.write(octal(0, 12), 136)
  header.write('        ', 148) // the checksum counts its own field as spaces
  header.write('0', 156)
  header.write('ustar\0' + '00', 257, 'binary')
  let sum = 0
  for (const byte of header) sum += byte
  header.write(octal(sum, 7) + ' ', 148)
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512)
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)])
}

const building = new Map<string, Promise<void>>()

/** Imports the pause image unless the daemon has it. One import at a time per docker client path. */
export function ensurePauseImage(dockerPath: string): Promise<void> {
  let pending = building.get(dockerPath)
  if (!pending) {
    pending = (async () => {
      const present = await runDocker(dockerPath, ['image', 'inspect', '--format', '{{.Id}}', PAUSE_IMAGE])
      if (present.code === 0) return
      const tar = singleFileTar('pause', pauseProgram())
      await docker(dockerPath, ['import', '--change', 'ENTRYPOINT ["/pause"]', '-', PAUSE_IMAGE], tar)
    })()
    building.set(dockerPath, pending)
    pending.catch(() => building.delete(dockerPath))
  }
  return pending
}
