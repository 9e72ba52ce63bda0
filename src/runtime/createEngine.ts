/** The engine for the chosen runtime. */
import { availableParallelism } from 'node:os'
import type { RunSettings } from '../settings.js'
import type { LoadedManifests } from '../spec/load.js'
import { createDockerEngine } from './docker/dockerEngine.js'
import { createProcessEngine } from './process/processEngine.js'
import type { ContainerEngine } from './types.js'

export interface EngineContext {
  runId: string
  loaded: LoadedManifests
  notice(message: string): void
}

export function createEngine(settings: RunSettings, context: EngineContext): ContainerEngine {
  if (settings.runtime === 'process')
    return createProcessEngine({ workspace: settings.workspace, baseEnv: process.env, runId: context.runId })
  const { configMaps, secrets } = context.loaded
  return createDockerEngine({
    runId: context.runId,
    workspace: settings.workspace,
    hostCpus: availableParallelism(),
    notice: context.notice,
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
