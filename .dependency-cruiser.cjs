// The layers of src/ (docs/architecture.md), checked by `npm run lint`:
//
//   adapters       main, index, inputs, post, state, actionReport, actionsCore, runDefaults, choices, duration,
//                  platform, version, outputFile, cli/
//   orchestration  execute, signals, heapGrowth, settings, masker, runner/, shard/
//   layers         report/, runtime/, controller/, logs/
//   base           api/, clock, errors
//
// Imports run downwards only; within the middle row the controller imports only api and clock,
// report never imports runtime or runner, and nothing imports in a circle.
const adapters =
  '^src/(cli/|(index|main|inputs|post|state|actionReport|actionsCore|runDefaults|choices|duration|platform|version|outputFile)[.]ts$)'
const orchestration = '^src/(runner/|shard/|(execute|signals|heapGrowth|settings|masker)[.]ts$)'
const base = '^src/(api/|(clock|errors)[.]ts$)'

/** `from` may import only what matches one of `allowed` (and node or npm modules). */
const onlyImports = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: allowed.join('|') }
})

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: split what both need into a third.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    onlyImports(
      'api-is-the-base',
      'src/api is the API layer: it imports nothing else of ours.',
      '^src/api/',
      ['^src/api/']
    ),
    onlyImports(
      'base-imports-base',
      'clock and errors are shared by every layer.',
      '^src/(clock|errors)[.]ts$',
      [base]
    ),
    onlyImports(
      'controller-is-pure',
      'The controller imports only api and the clock: no I/O, no runtime, no report.',
      '^src/controller/',
      ['^src/controller/', base]
    ),
    onlyImports('logs-below-runtime', 'The log layer knows nothing of pods beyond api.', '^src/logs/', [
      '^src/logs/',
      base
    ]),
    onlyImports('runtime-layer', 'The runtime runs containers: api, logs and base only.', '^src/runtime/', [
      '^src/runtime/',
      '^src/logs/',
      base
    ]),
    onlyImports(
      'report-reads-data',
      'Reports read results as data: never the runtime or the runner.',
      '^src/report/',
      ['^src/report/', '^src/controller/', '^src/logs/', base]
    ),
    {
      name: 'orchestration-below-adapters',
      comment: 'execute, runner and shard never reach up into the adapters.',
      severity: 'error',
      from: { path: orchestration },
      to: { path: adapters }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] }
  }
}
