/**
 * When collecting looks cheap, V8 lets its heap grow to several times what is live before it
 * collects again. A run's pods are many small long-lived objects: at 100,000 pods that was over
 * 500 MB of memory for about 170 MB in use. A growth of 20% keeps the peak near what is in use, for
 * a few more collections (bench/RESULTS.md, Scale). Set when Jobs start running, not at start-up:
 * reading a 10,000-document manifest (`validate`) makes short-lived garbage, which this would
 * collect a third more often for nothing. V8 reads the flag at every collection, so setting it
 * while the process runs takes effect.
 */
import { setFlagsFromString } from 'node:v8'

export function keepHeapNearLive(): void {
  setFlagsFromString('--heap-growing-percent=20')
}
