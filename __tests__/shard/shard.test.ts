import { describe, expect, test } from '@jest/globals'
import { IndexTracker, shardIndexCount } from '../../src/controller/indexTracker.js'
import { UsageError } from '../../src/errors.js'
import { loadAndCheck } from '../../src/execute.js'
import { parseShard, shardIndexes, shardIndexesText } from '../../src/shard/shard.js'
import { indexedJob } from './support/shardRuns.js'

describe('parseShard', () => {
  test.each([
    { text: '1/4', shard: { index: 1, count: 4 } },
    { text: '4/4', shard: { index: 4, count: 4 } },
    { text: ' 2 / 3 ', shard: { index: 2, count: 3 } },
    { text: '1/1', shard: { index: 1, count: 1 } }
  ])('$text', ({ text, shard }) => {
    expect(parseShard(text, 'input shard')).toEqual(shard)
  })

  test.each([
    {
      name: 'no slash',
      text: '2',
      message: 'input shard: "2" is not a shard: write i/n, e.g. 2/4 for the second of 4 shards'
    },
    {
      name: 'a word',
      text: 'two/4',
      message: 'input shard: "two/4" is not a shard: write i/n, e.g. 2/4 for the second of 4 shards'
    },
    {
      name: 'negative',
      text: '-1/4',
      message: 'input shard: "-1/4" is not a shard: write i/n, e.g. 2/4 for the second of 4 shards'
    },
    { name: 'no shards', text: '0/0', message: 'input shard: "0/0": there must be at least 1 shard' },
    {
      name: 'numbered from 0',
      text: '0/4',
      message:
        'input shard: "0/4": shards are numbered from 1 to 4 (a matrix list such as [1, 2, 3, 4], not strategy.job-index, which starts at 0)'
    },
    {
      name: 'beyond the count',
      text: '5/4',
      message:
        'input shard: "5/4": shards are numbered from 1 to 4 (a matrix list such as [1, 2, 3, 4], not strategy.job-index, which starts at 0)'
    },
    {
      name: 'huge',
      text: '1/99999999999999999999',
      message: 'input shard: "1/99999999999999999999" has a number too large'
    }
  ])('$name: $text', ({ text, message }) => {
    const attempt = (): unknown => parseShard(text, 'input shard')
    expect(attempt).toThrow(UsageError)
    expect(attempt).toThrow(message)
  })
})

describe('the indexes of a shard', () => {
  test.each([
    { completions: 40, shard: { index: 1, count: 4 }, text: '0,4,…,36', total: 10 },
    { completions: 40, shard: { index: 4, count: 4 }, text: '3,7,…,39', total: 10 },
    { completions: 10, shard: { index: 2, count: 4 }, text: '1,5,9', total: 3 },
    { completions: 10, shard: { index: 3, count: 4 }, text: '2,6', total: 2 },
    { completions: 3, shard: { index: 4, count: 4 }, text: 'none', total: 0 },
    { completions: 5, shard: { index: 1, count: 1 }, text: '0-4', total: 5 }
  ])(
    '$completions indexes, shard $shard.index/$shard.count: $text',
    ({ completions, shard, text, total }) => {
      expect(shardIndexesText(completions, shard)).toBe(text)
      expect(shardIndexCount(completions, shard)).toBe(total)
      const indexes = shardIndexes(completions, shard)
      expect(indexes).toHaveLength(total)
      expect(indexes.every(k => k % shard.count === shard.index - 1 && k < completions)).toBe(true)
    }
  )

  test('the index tracker picks the lowest pending indexes of its shard only', () => {
    const tracker = new IndexTracker(20, '1,5', undefined, false, false, { index: 2, count: 4 })
    expect(tracker.ownedTotal).toBe(5)
    expect(tracker.firstPendingIndexes(2)).toEqual([9, 13])
    expect(tracker.firstPendingIndexes(10)).toEqual([9, 13, 17])
    expect(tracker.owns(13)).toBe(true)
    expect(tracker.owns(12)).toBe(false)
  })
})

describe('a shard of a NonIndexed Job', () => {
  const nonIndexed = `
apiVersion: batch/v1
kind: Job
metadata:
  name: plain
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: ["true"]
`
  test('is a clear error, before anything runs', () => {
    const load = (): unknown =>
      loadAndCheck([{ text: nonIndexed, file: 'job.yaml' }], {
        namespace: 'default',
        runtime: 'process',
        shard: { index: 2, count: 4 }
      })
    expect(load).toThrow(UsageError)
    expect(load).toThrow(
      'shard 2/4: Job "plain" is NonIndexed: only an Indexed Job (spec.completionMode: Indexed) can be split into shards'
    )
  })

  test('an Indexed Job loads', () => {
    const loaded = loadAndCheck([{ text: indexedJob('fine', 4), file: 'job.yaml' }], {
      namespace: 'default',
      runtime: 'process',
      shard: { index: 2, count: 4 }
    })
    expect(loaded.jobs).toHaveLength(1)
  })
})
