/**
 * The layer rules of functions/ (each layer imports only downwards: handlers → use cases →
 * domain and store), checked by `depcruise functions lib local scripts bench sdk test` in
 * `npm run check`. Aliases of package.json "imports" (#domain/*, #store/*, …) are resolved by
 * enhanced-resolve (its `imports` field support); an import that does not resolve is itself an
 * error, so that no rule passes because a path was not followed.
 */
const layer = (name) => `^functions/${name}/`;
const layers = (...names) => `^functions/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'functions/domain imports nothing but functions/domain and node built-ins.',
      severity: 'error',
      from: { path: layer('domain') },
      to: { pathNot: layer('domain'), dependencyTypesNot: ['core'] },
    },
    {
      name: 'use-cases-know-no-http',
      comment: 'Use cases know nothing of HTTP, handlers, pages or the authorization server.',
      severity: 'error',
      from: { path: layer('use-cases') },
      to: { path: layers('http', 'handlers', 'web-pages', 'authorization-server') },
    },
    {
      name: 'store-is-storage-only',
      comment:
        'functions/store imports no http, handlers, use cases, pages, authorization server or routing.',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: layers('http', 'handlers', 'use-cases', 'web-pages', 'authorization-server', 'routing') },
    },
    {
      name: 'handlers-reach-storage-through-use-cases',
      comment: 'A handler parses, calls one use case and answers: it never touches the store itself.',
      severity: 'error',
      from: { path: layers('handlers', 'http', 'workers') },
      to: { path: layer('store') },
    },
    {
      name: 'pages-render-only',
      comment:
        'functions/web-pages renders HTML from domain values: no storage, no use cases, no HTTP chain.',
      severity: 'error',
      from: { path: layer('web-pages') },
      to: { path: layers('store', 'use-cases', 'http', 'handlers', 'authorization-server') },
    },
    {
      name: 'http-knows-no-handlers',
      comment: 'The HTTP chain wraps handlers; it never imports one.',
      severity: 'error',
      from: { path: layer('http') },
      to: { path: layer('handlers') },
    },
    {
      name: 'handlers-stay-in-their-area',
      comment:
        "No area imports another area's handlers or views: shared logic goes to a use case or the domain.",
      severity: 'error',
      from: { path: '^functions/handlers/([^/]+)/' },
      to: { path: '^functions/handlers/', pathNot: '^functions/handlers/$1/' },
    },
    {
      name: 'workers-call-no-handlers',
      comment: 'Workers call use cases, never handlers or their views.',
      severity: 'error',
      from: { path: layer('workers') },
      to: { path: layer('handlers') },
    },
    {
      name: 'runtime-code-imports-no-cdk',
      comment: 'Lambda code (functions/) and the local platform (local/) never import the CDK app (lib/).',
      severity: 'error',
      from: { path: '^(functions|local)/' },
      to: { path: '^lib/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular dependencies hide layering mistakes and break bundling order.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (aliases included), so that no rule above passes unchecked.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/', '^\\.data/', '^sdk/dist/'] },
    // Type-only imports are dependencies too: a layer must not know another's types either.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
