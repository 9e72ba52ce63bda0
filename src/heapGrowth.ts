/**
 * Imported first by the bundle's entry. When collecting looks cheap, V8 lets its heap grow to
 * several times what is live before it collects again; a Job's pods are many small long-lived
 * objects, so at 100,000 pods that was over 500 MB of memory for about 170 MB in use. A growth of
 * 20% keeps the peak near what is in use, for a few more collections (bench/RESULTS.md, Scale).
 * V8 reads the flag at every collection, so setting it once the process runs takes effect.
 */
import { setFlagsFromString } from 'node:v8'

setFlagsFromString('--heap-growing-percent=20')
