import { describe, expect, test } from '@jest/globals'
import { containerLogPath } from '../../src/logs/logPaths.js'

describe('containerLogPath', () => {
  test.each([
    ['first run', 0, '/logs/pi/pi-abcde/main.log'],
    ['restart 1', 1, '/logs/pi/pi-abcde/main.1.log'],
    ['restart 12', 12, '/logs/pi/pi-abcde/main.12.log']
  ])('%s', (_name, attempt, expected) => {
    expect(containerLogPath('/logs', 'pi', 'pi-abcde', 'main', attempt)).toBe(expected)
  })

  test.each([
    ['pod name climbing out', 'pi', '..', 'main', 0],
    ['container name with a slash', 'pi', 'pi-0', 'a/b', 0],
    ['empty job name', '', 'pi-0', 'main', 0],
    ['negative attempt', 'pi', 'pi-0', 'main', -1]
  ])('refuses %s', (_name, job, pod, container, attempt) => {
    expect(() => containerLogPath('/logs', job, pod, container, attempt)).toThrow()
  })
})
