/** The engine for the chosen runtime. */
import { availableParallelism } from 'node:os'
import { UsageError } from '../duration.js'
import type { RunSettings } from '../settings.js'
import type { LoadedManifests } from '../api/load.js'
import { createDockerEngine, dockerEngineProblem } from './docker/dockerEngine.js'
import { createProcessEngine } from './process/processEngine.js'
import type { ContainerEngine } from './types.js'

export interface EngineContext {
  runId: string
  loaded: LoadedManifests
  notice(message: string): void
  /** The docker client to use (tests); default `docker` on the PATH. */
  dockerPath?: string
}

/**
 * The chosen runtime cannot run here (runtime docker and no engine answers). A usage error: nothing
 * has started, and the message says what to do.
 */
export class EngineUnavailableError extends UsageError {}

/** Rejects with EngineUnavailableError, before any pod starts, when the runtime cannot run here. */
export async function createEngine(settings: RunSettings, context: EngineContext): Promise<ContainerEngine> {
  if (settings.runtime === 'process')
    return createProcessEngine({ workspace: settings.workspace, baseEnv: process.env, runId: context.runId })
  const problem = await dockerEngineProblem(context.dockerPath)
  if (problem) throw new EngineUnavailableError(problem)
  const { configMaps, secrets } = context.loaded
  return createDockerEngine({
    runId: context.runId,
    workspace: settings.workspace,
    hostCpus: availableParallelism(),
    notice: context.notice,
    dockerPath: context.dockerPath,
    // The API server stores a Secret's values base64-encoded in data; a ConfigMap's as text.
    lookupConfigMap: (namespace, name) => {
      const cm = configMaps.get(`${namespace}/${name}`)
      return cm && { data: cm.data ?? {}, binaryData: cm.binaryData ?? {} }
    },
    lookupSecret: (namespace, name) => {
      const secret = secrets.get(`${namespace}/${name}`)
      return secret && { binaryData: secret.data ?? {} }
    }
  })
}
