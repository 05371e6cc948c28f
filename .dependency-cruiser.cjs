/**
 * Dependency rules of src/ (ARCHITECTURE.md "Dependency rules"), checked by `npm run lint:deps`.
 * The folders in the order a request meets them: http/, edge/, graphql/, resolvers/, loaders/, upstream/;
 * beside them live/, mcp/, observability/, config/, common/, and dev/ (developer tools).
 * Type-only imports count (tsPreCompilationDeps): a type is a dependency on the module's meaning too.
 * test/unit/dependency-rules.test.ts keeps the one rule this tool cannot see (only src/main.ts reads process.env).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and keeps two modules from being understood, tested or moved apart.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'upstream-knows-no-graphql',
      comment: 'upstream/ is our signed client of the vendor REST API: it knows nothing of GraphQL, serving or developer tools.',
      severity: 'error',
      from: { path: '^src/upstream/' },
      to: {
        path: [
          '^src/(graphql|resolvers|__generated__|http|edge|live|mcp|dev)/',
          '^src/gateway\\.ts$',
          '^node_modules/(graphql|graphql-[^/]+|@apollo/[^/]+|@graphql-[^/]+/[^/]+)/',
        ],
      },
    },
    {
      name: 'loaders-only-upstream',
      comment: 'loaders/ batch vendor calls: they stand on upstream/ (and common/, config/) alone, below the resolvers.',
      severity: 'error',
      from: { path: '^src/loaders/' },
      to: { path: '^src/', pathNot: '^src/(loaders|upstream|common|config)/' },
    },
    {
      name: 'live-below-resolvers',
      comment: 'The resolvers plug into live/ (poll targets), not the other way round; live/ serves no HTTP route or MCP tool.',
      severity: 'error',
      from: { path: '^src/live/' },
      to: { path: '^src/(resolvers|mcp|http)/' },
    },
    {
      name: 'common-imports-nothing',
      comment: 'common/ is the bottom layer every folder may use: it imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'config-only-common',
      comment: 'config/ reads and checks settings before anything runs: it may use common/ only.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/(config|common)/' },
    },
    {
      name: 'emulator-only-from-sandbox',
      comment: 'The vendor emulator is a developer tool: only the sandbox (dev/sandbox.ts) starts it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/dev/emulator/', '^src/dev/sandbox\\.ts$'] },
      to: { path: '^src/dev/emulator/' },
    },
    {
      name: 'emulator-only-signer',
      comment: 'The emulator checks signatures with the one signer and shares nothing else with the product it stands in for.',
      severity: 'error',
      from: { path: '^src/dev/emulator/' },
      to: { path: '^src/', pathNot: ['^src/dev/emulator/', '^src/upstream/sign\\.ts$'] },
    },
    {
      name: 'product-not-dev-tools',
      comment:
        'The product does not depend on developer tools: only main.ts (the sandbox), gateway.ts and http/router.ts (the optional explorer page) reach dev/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/dev/', '^src/main\\.ts$', '^src/gateway\\.ts$', '^src/http/router\\.ts$'] },
      to: { path: '^src/dev/' },
    },
    {
      name: 'gateway-only-explorer',
      comment: 'gateway.ts builds and http/router.ts serves the explorer page when enabled; the rest of dev/ (emulator, sandbox) is for main.ts alone.',
      severity: 'error',
      from: { path: ['^src/gateway\\.ts$', '^src/http/router\\.ts$'] },
      to: { path: '^src/dev/', pathNot: '^src/dev/explorer/' },
    },
    {
      name: 'resolvers-never-sign',
      comment: 'Resolvers never sign or open a connection: the vendor is reached through the context client, which does both.',
      severity: 'error',
      from: { path: '^src/resolvers/' },
      to: { path: ['^src/upstream/sign\\.ts$', '^node_modules/undici/'] },
    },
    {
      name: 'resolvers-only-client-types',
      comment: 'Resolvers take the client from the context (types only): they never build one or bypass its retry, breaker and tenant caps.',
      severity: 'error',
      from: { path: '^src/resolvers/' },
      to: {
        path: '^src/upstream/(client|read-answer|read-retry|origin-breaker|semaphore|tenant-concurrency|upstream-refusal)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'The image runs src/ with production dependencies only: a devDependency imported there fails at run time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], pathNot: '^node_modules/@types/' },
    },
    {
      name: 'no-non-package-json',
      comment: 'A package not in package.json is there only as a dependency of another package and may vanish on any update.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve fails at run time (or is a typo in a type import).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve as Node and TypeScript do for ESM: package "exports" with their import and types conditions.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
