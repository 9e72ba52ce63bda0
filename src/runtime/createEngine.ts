/**
 * The engine for the chosen runtime, made from what the runtime needs to know of the run (its own
 * options type: the runtime layer depends on no run settings), after checking it can run here.
 */
import { availableParallelism } from 'node:os'
import { UsageError } from '../errors.js'
import type { LoadedManifests } from '../api/load.js'
import { createDockerEngine } from './docker/dockerEngine.js'
import { dockerEngineProblem } from './docker/engineCheck.js'
import { createProcessEngine } from './process/processEngine.js'
import type { ContainerEngine, RuntimeName } from './types.js'

/** What the runtime needs of the run's settings. */
export interface EngineOptions {
  runtime: RuntimeName
  /** Working directory of containers without `workingDir`, and where relative hostPath paths start. */
  workspace: string
}

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
export async function createEngine(options: EngineOptions, context: EngineContext): Promise<ContainerEngine> {
  if (options.runtime === 'process')
    return createProcessEngine({ workspace: options.workspace, baseEnv: process.env, runId: context.runId })
  const problem = await dockerEngineProblem(context.dockerPath)
  if (problem) throw new EngineUnavailableError(problem)
  const { configMaps, secrets } = context.loaded
  return createDockerEngine({
    runId: context.runId,
    workspace: options.workspace,
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
