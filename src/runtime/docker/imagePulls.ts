/**
 * The kubelet's image manager for the docker runtime: an image is made available by its pull policy
 * before a container of it starts, or the attempt fails with ErrImageNeverPull / ErrImagePull. Pods
 * that start together and ask for the same image share one `docker image inspect` and one pull.
 *
 * `Always` pulls once per run and image, where the kubelet asks the registry at every container
 * start: within one run the answer only changes if the tag is pushed meanwhile, and every pod would
 * pay a registry round trip (and Docker Hub's pull rate limit) for it.
 */
import type { StartFailure } from './containerAttempt.js'
import { dockerMessage, runDocker } from './dockerCli.js'
import { pullPolicyOf, type PullPolicy } from './imagePullPolicy.js'

export class ImagePulls {
  private readonly pulls = new Map<string, Promise<StartFailure | undefined>>()
  private readonly presence = new Map<string, Promise<boolean>>()
  private readonly presentImages = new Set<string>()
  /** Images pulled by this run (pull policy Always). */
  private readonly pulledImages = new Set<string>()

  constructor(
    private readonly dockerPath: string,
    private readonly notice: (message: string) => void
  ) {}

  /** The image is there by its pull policy (undefined), or why the container cannot start. */
  async ensure(image: string, policy: string | undefined): Promise<StartFailure | undefined> {
    const pullPolicy = pullPolicyOf(image, policy)
    if (pullPolicy === 'Always' ? this.pulledImages.has(image) : this.presentImages.has(image))
      return undefined
    if (pullPolicy !== 'Always') {
      if (await this.isPresent(image)) {
        this.presentImages.add(image)
        return undefined
      }
      if (pullPolicy === 'Never') {
        const message = `Container image "${image}" is not present with pull policy of Never`
        return { waitingReason: 'ErrImageNeverPull', reason: 'ErrImageNeverPull', message }
      }
    }
    let pull = this.pulls.get(image)
    if (!pull) {
      pull = this.pull(image, pullPolicy)
      this.pulls.set(image, pull)
    }
    return pull
  }

  private async pull(image: string, pullPolicy: PullPolicy): Promise<StartFailure | undefined> {
    const result = await runDocker(this.dockerPath, ['pull', '--quiet', image])
    this.pulls.delete(image)
    if (result.code === 0) {
      this.presentImages.add(image)
      this.pulledImages.add(image)
      return undefined
    }
    if (pullPolicy === 'Always' && (await this.isPresent(image))) {
      this.notice(
        `image ${image} is on this machine, but its pull policy is Always (the default for an image ` +
          'without a tag or tagged latest) and the pull failed: set imagePullPolicy: IfNotPresent to ' +
          'run the local image'
      )
    }
    const message = `Failed to pull image "${image}": ${dockerMessage(result)}`
    return { waitingReason: 'ErrImagePull', reason: 'ErrImagePull', message }
  }

  /** One `docker image inspect` for the pods that start together and ask for the same image. */
  private isPresent(image: string): Promise<boolean> {
    let present = this.presence.get(image)
    if (!present) {
      present = runDocker(this.dockerPath, ['image', 'inspect', '--format={{.Id}}', image]).then(result => {
        this.presence.delete(image)
        return result.code === 0
      })
      this.presence.set(image, present)
    }
    return present
  }
}
