/**
 * What a run may leave behind when its process dies before its engine's shutdown(), and how to
 * remove it knowing only the run's id: pod processes (recorded in the run's ledger by the spawner,
 * or carrying the run's marker in their environment, and their descendants), the process runtime's volume links and folders, and docker containers and volumes
 * (carrying the run's label). Used by the action's post step and by the crash and exit handlers.
 */
export { killRunProcesses } from './process/runProcesses.js'
export { removeRunVolumes } from './process/processVolumes.js'
export { removeLabelledContainers } from './docker/removal.js'
