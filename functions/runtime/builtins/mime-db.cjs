// The entries of mime-db (1.54) that the authorization server's bundle looks up: the types
// koa, accepts and type-is resolve for oidc-provider (`ctx.type = 'html'`, a JSON body,
// `accepts('json', 'html')`, the JWT and JWK set types it sets, form posts). The whole database
// is 150 KB that every cold start parses, and each mime-types copy walks all of its 2,500
// entries at import. test/cdk/bundle-aliases.test.ts checks that mime-types answers as with the whole database.
module.exports = {
  'application/json': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['json', 'map'] },
  'application/jwk-set+json': { source: 'iana', compressible: true },
  'application/jwt': { source: 'iana' },
  'application/octet-stream': {
    source: 'iana',
    compressible: true,
    extensions: [
      'bin',
      'dms',
      'lrf',
      'mar',
      'so',
      'dist',
      'distz',
      'pkg',
      'bpk',
      'dump',
      'elc',
      'deploy',
      'exe',
      'dll',
      'deb',
      'dmg',
      'iso',
      'img',
      'msi',
      'msp',
      'msm',
      'buffer',
    ],
  },
  'application/token-introspection+jwt': { source: 'iana' },
  'application/x-www-form-urlencoded': { source: 'iana', compressible: true },
  'multipart/form-data': { source: 'iana', compressible: false },
  'text/css': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['css'] },
  'text/html': { source: 'iana', compressible: true, extensions: ['html', 'htm', 'shtml'] },
  'text/javascript': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['js', 'mjs'] },
  'text/plain': {
    source: 'iana',
    compressible: true,
    extensions: ['txt', 'text', 'conf', 'def', 'list', 'log', 'in', 'ini'],
  },
};
