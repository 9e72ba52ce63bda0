import { expect, test } from '@jest/globals'
import type { PodRecord } from '../../src/api/podRecord.js'
import { podJson, podsJsonSlices, podsJsonText } from '../../src/report/podsJson.js'
import { at, containerStatus, pod } from './fixtures.js'

function pods(n: number): PodRecord[] {
  return Array.from({ length: n }, (_, i) =>
    pod({
      name: `job-${i}-abcde`,
      index: i,
      creationTimestamp: at('2026-04-16T10:36:28Z'),
      startTime: at('2026-04-16T10:36:29Z'),
      finishTime: at('2026-04-16T10:36:30Z'),
      phase: i % 7 === 0 ? 'Failed' : 'Succeeded',
      containerStatuses: [
        containerStatus({
          name: 'main',
          exitCode: i % 7 === 0 ? 3 : 0,
          reason: i % 7 === 0 ? 'Error' : 'Completed',
          logs: [`/logs/job/job-${i}-abcde/main.log`]
        })
      ]
    })
  )
}

test.each([0, 1, 999, 1000, 1001, 2500])(
  '%d pods: the slices join into the JSON array of every pod, in order, at most 1,000 pods a slice',
  n => {
    const all = pods(n)
    const slices = [...podsJsonSlices(all)]
    const text = slices.join('')
    expect(JSON.parse(text)).toEqual(all.map(podJson))
    // The form the output always had: JSON.stringify of the whole array, no spaces.
    expect(text).toBe(JSON.stringify(all.map(podJson)))
    expect(podsJsonText(all)).toBe(text)
    for (const slice of slices) expect(slice.split('"name":"job-').length - 1).toBeLessThanOrEqual(1000)
    if (n > 1000) expect(slices.length).toBeGreaterThanOrEqual(Math.ceil(n / 1000))
  }
)

test('a failed pod with a restarted init container and a signal: the literal pods-json entry', () => {
  // Written out by hand from the action's contract (action.yml `pods-json`), not from the code.
  const failed = pod({
    name: 'etl-3-x7k2p',
    index: 3,
    creationTimestamp: at('2026-04-16T10:36:28Z'),
    startTime: at('2026-04-16T10:36:29.250Z'),
    finishTime: at('2026-04-16T10:36:41Z'),
    phase: 'Failed',
    initContainerStatuses: [
      containerStatus({
        name: 'fetch',
        exitCode: 0,
        reason: 'Completed',
        restartCount: 1,
        logs: ['/logs/etl/etl-3-x7k2p/fetch.log', '/logs/etl/etl-3-x7k2p/fetch.1.log']
      })
    ],
    containerStatuses: [
      containerStatus({
        name: 'main',
        exitCode: 137,
        signal: 9,
        reason: 'OOMKilled',
        logs: ['/logs/etl/etl-3-x7k2p/main.log']
      })
    ]
  })
  expect(podsJsonText([failed])).toBe(
    '[{"name":"etl-3-x7k2p","index":3,"phase":"Failed","reason":"OOMKilled","exitCode":137,"restarts":1,' +
      '"startTime":"2026-04-16T10:36:29Z","finishTime":"2026-04-16T10:36:41Z","containers":[' +
      '{"name":"fetch","exitCode":0,"signal":null,"reason":"Completed","restarts":1,' +
      '"logs":["/logs/etl/etl-3-x7k2p/fetch.log","/logs/etl/etl-3-x7k2p/fetch.1.log"]},' +
      '{"name":"main","exitCode":137,"signal":9,"reason":"OOMKilled","restarts":0,' +
      '"logs":["/logs/etl/etl-3-x7k2p/main.log"]}]}]'
  )
})
