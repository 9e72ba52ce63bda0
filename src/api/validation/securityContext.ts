/**
 * Security contexts of a pod template: ValidateSecurityContext (containers),
 * validatePodSpecSecurityContext and validateSysctls (the pod), and the profile and Windows
 * option rules both share (validateSeccompProfileField, ValidateAppArmorProfileField,
 * validateWindowsSecurityContextOptions) of pkg/apis/core/validation/validation.go.
 *
 * The API server's `--allow-privileged` flag (capabilities.Get().AllowPrivileged) is taken as
 * true, as kubeadm and kind set it: `privileged: true` and hostProcess containers are not
 * refused "by cluster policy", since the docker engine runs privileged containers.
 */
import type {
  V1AppArmorProfile,
  V1PodSecurityContext,
  V1PodSpec,
  V1SeccompProfile,
  V1SecurityContext
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import {
  inclusiveRangeError,
  invalid,
  invalidNamed,
  notSupported,
  required,
  tooLong
} from './errorBuilders.js'
import { validateLocalDescendingPath } from './volumes.js'
import { validateWindowsOptions } from './windows.js'

const maxID = 2 ** 31 - 1

/** validation.IsValidUserID and IsValidGroupID (apimachinery pkg/util/validation). */
function validateID(value: number | undefined, field: string): FieldError[] {
  if (value === undefined || (value >= 0 && value <= maxID)) return []
  return [invalid(field, value, inclusiveRangeError(0, maxID))]
}

const procMounts = ['Default', 'Unmasked']

/** ValidateSecurityContext; hostUsers is the pod's (absent means true). */
export function validateSecurityContext(
  sc: V1SecurityContext | undefined,
  hostUsers: boolean,
  field: string
): FieldError[] {
  if (!sc) return []
  const errors: FieldError[] = []
  errors.push(...validateID(sc.runAsUser, `${field}.runAsUser`))
  errors.push(...validateID(sc.runAsGroup, `${field}.runAsGroup`))
  if (sc.procMount !== undefined) {
    if (!procMounts.includes(sc.procMount)) {
      errors.push(notSupported(`${field}.procMount`, sc.procMount, procMounts))
    }
    if (hostUsers && sc.procMount === 'Unmasked') {
      errors.push(
        invalidNamed(`${field}.procMount`, sc.procMount, '`hostUsers` must be false to use `Unmasked`')
      )
    }
  }
  errors.push(...validateSeccompProfile(sc.seccompProfile, `${field}.seccompProfile`))
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged) {
      errors.push(
        invalid(
          field,
          goSecurityContext(sc),
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'
        )
      )
    }
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap !== 'CAP_SYS_ADMIN') continue
      errors.push(
        invalid(
          field,
          goSecurityContext(sc),
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'
        )
      )
    }
  }
  errors.push(...validateWindowsOptions(sc.windowsOptions, `${field}.windowsOptions`))
  errors.push(...validateAppArmorProfile(sc.appArmorProfile, `${field}.appArmorProfile`))
  return errors
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value)

/** The internal core.SecurityContext as json.Marshal writes it (no json tags: Go field names). */
function goSecurityContext(sc: V1SecurityContext): unknown {
  const { capabilities: caps, seLinuxOptions: se, windowsOptions: win } = sc
  const profile = (p: V1SeccompProfile | V1AppArmorProfile | undefined): unknown =>
    p ? { Type: p.type ?? '', LocalhostProfile: orNull(p.localhostProfile) } : null
  return {
    Capabilities: caps ? { Add: orNull(caps.add), Drop: orNull(caps.drop) } : null,
    Privileged: orNull(sc.privileged),
    SELinuxOptions: se
      ? { User: se.user ?? '', Role: se.role ?? '', Type: se.type ?? '', Level: se.level ?? '' }
      : null,
    WindowsOptions: win
      ? {
          GMSACredentialSpecName: orNull(win.gmsaCredentialSpecName),
          GMSACredentialSpec: orNull(win.gmsaCredentialSpec),
          RunAsUserName: orNull(win.runAsUserName),
          HostProcess: orNull(win.hostProcess)
        }
      : null,
    RunAsUser: orNull(sc.runAsUser),
    RunAsGroup: orNull(sc.runAsGroup),
    RunAsNonRoot: orNull(sc.runAsNonRoot),
    ReadOnlyRootFilesystem: orNull(sc.readOnlyRootFilesystem),
    AllowPrivilegeEscalation: orNull(sc.allowPrivilegeEscalation),
    ProcMount: orNull(sc.procMount),
    SeccompProfile: profile(sc.seccompProfile),
    AppArmorProfile: profile(sc.appArmorProfile)
  }
}

const profileTypes = ['Localhost', 'RuntimeDefault', 'Unconfined']

/** validateSeccompProfileField; the whole profile is the bad value of a stray localhostProfile. */
function validateSeccompProfile(profile: V1SeccompProfile | undefined, field: string): FieldError[] {
  if (!profile) return []
  const errors: FieldError[] = []
  const type = profile.type ?? ''
  if (type === '') errors.push(required(`${field}.type`, 'type is required when seccompProfile is set'))
  else if (!profileTypes.includes(type)) errors.push(notSupported(`${field}.type`, type, profileTypes))
  const path = `${field}.localhostProfile`
  if (type === 'Localhost') {
    if (profile.localhostProfile === undefined) {
      errors.push(required(path, 'must be set when seccomp type is Localhost'))
    } else errors.push(...validateLocalDescendingPath(profile.localhostProfile, path))
  } else if (profile.localhostProfile !== undefined) {
    const goProfile = { Type: type, LocalhostProfile: profile.localhostProfile }
    errors.push(invalid(path, goProfile, 'can only be set when seccomp type is Localhost'))
  }
  return errors
}

/** ValidateAppArmorProfileField. */
function validateAppArmorProfile(profile: V1AppArmorProfile | undefined, field: string): FieldError[] {
  if (!profile) return []
  const path = `${field}.localhostProfile`
  const local = profile.localhostProfile
  switch (profile.type ?? '') {
    case 'Localhost': {
      if (local === undefined) return [required(path, 'must be set when AppArmor type is Localhost')]
      const errors: FieldError[] = []
      // strings.TrimSpace: Unicode white space.
      if (local.trim() !== local) errors.push(invalid(path, local, 'must not be padded with whitespace'))
      else if (local === '') errors.push(required(path, 'must be set when AppArmor type is Localhost'))
      if (Buffer.byteLength(local, 'utf8') > 4095) errors.push(tooLong(path, 4095))
      return errors
    }
    case 'RuntimeDefault':
    case 'Unconfined':
      // The bad value is a *string: json.Marshal writes it quoted.
      return local === undefined
        ? []
        : [invalidNamed(path, local, 'can only be set when AppArmor type is Localhost')]
    case '':
      return [required(`${field}.type`, 'type is required when appArmorProfile is set')]
    default:
      return [notSupported(`${field}.type`, profile.type, profileTypes)]
  }
}

const fsGroupChangePolicies = ['Always', 'OnRootMismatch']
const supplementalGroupsPolicies = ['Merge', 'Strict']
const seLinuxChangePolicies = ['MountOption', 'Recursive']

/** validatePodSpecSecurityContext. */
export function validatePodSecurityContext(spec: V1PodSpec, field: string): FieldError[] {
  const sc = spec.securityContext
  if (!sc) return []
  const errors: FieldError[] = []
  errors.push(...validateID(sc.fsGroup, `${field}.fsGroup`))
  errors.push(...validateID(sc.runAsUser, `${field}.runAsUser`))
  errors.push(...validateID(sc.runAsGroup, `${field}.runAsGroup`))
  ;(sc.supplementalGroups ?? []).forEach((gid, i) => {
    errors.push(...validateID(gid, `${field}.supplementalGroups[${i}]`))
  })
  if (sc.sysctls?.length) errors.push(...validateSysctls(sc, spec, `${field}.sysctls`))
  const policy = (key: string, value: string | undefined, supported: readonly string[]): FieldError[] =>
    value !== undefined && !supported.includes(value)
      ? [notSupported(`${field}.${key}`, value, supported)]
      : []
  errors.push(...policy('fsGroupChangePolicy', sc.fsGroupChangePolicy, fsGroupChangePolicies))
  errors.push(...validateSeccompProfile(sc.seccompProfile, `${field}.seccompProfile`))
  errors.push(...validateWindowsOptions(sc.windowsOptions, `${field}.windowsOptions`))
  errors.push(...validateAppArmorProfile(sc.appArmorProfile, `${field}.appArmorProfile`))
  errors.push(...policy('supplementalGroupsPolicy', sc.supplementalGroupsPolicy, supplementalGroupsPolicies))
  errors.push(...policy('seLinuxChangePolicy', sc.seLinuxChangePolicy, seLinuxChangePolicies))
  return errors
}

// IsValidSysctlName's regex (SysctlContainSlashFmt), printed as Go prints the compiled regexp.
const sysctlPattern = '^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$'
const sysctlRegex = new RegExp(sysctlPattern)
const sysctlMaxLength = 253

/** The namespace of a sysctl (k8s.io/component-helpers node/util/sysctl GetNamespace). */
function sysctlNamespace(name: string): string {
  const sep = name.search(/[./]/)
  // NormalizeName: a name whose first separator is a slash has its dots and slashes swapped.
  let normal = sep === -1 || name[sep] === '.' ? name : name.replace(/[./]/g, c => (c === '.' ? '/' : '.'))
  const star = normal.indexOf('*')
  if (star !== -1) normal = normal.slice(0, star)
  const ipcNames = ['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']
  const ipcNames2 = ['kernel.shm', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.msg']
  if (normal === 'kernel.domainname') return 'UTS'
  if (ipcNames.includes(normal) || ipcNames2.includes(normal)) return 'IPC'
  if (normal.startsWith('net.')) return 'Net'
  if (normal.startsWith('fs.mqueue.')) return 'IPC'
  return normal.startsWith('user.') ? 'User' : ''
}

/** validateSysctls and ValidateHostSysctl. */
function validateSysctls(sc: V1PodSecurityContext, spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  ;(sc.sysctls ?? []).forEach((sysctl, i) => {
    const path = `${field}[${i}].name`
    const name = sysctl.name ?? ''
    if (name === '') errors.push(required(path))
    else if (Buffer.byteLength(name, 'utf8') > sysctlMaxLength || !sysctlRegex.test(name)) {
      const message = `must have at most ${sysctlMaxLength} characters and match regex ${sysctlPattern}`
      errors.push(invalid(path, name, message))
    } else if (names.has(name)) errors.push({ type: 'Duplicate value', field: path, value: name })
    const namespace = sysctlNamespace(name)
    if (spec.hostNetwork && namespace === 'Net') {
      errors.push(invalid(path, name, "may not be specified when 'hostNetwork' is true"))
    } else if (spec.hostIPC && namespace === 'IPC') {
      errors.push(invalid(path, name, "may not be specified when 'hostIPC' is true"))
    }
    names.add(name)
  })
  return errors
}
