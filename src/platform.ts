/** Linux runners are the target, macOS works; Windows has no process groups or signals to rely on. */
export function unsupportedPlatform(platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'linux' || platform === 'darwin') return undefined
  return `job-action supports Linux and macOS runners only (this runner is ${platform}): pods need POSIX process groups and signals. Use runs-on: ubuntu-latest.`
}
