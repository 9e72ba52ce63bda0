/** Kept equal to package.json's version (a test checks it). */
export const version = '1.0.0'
