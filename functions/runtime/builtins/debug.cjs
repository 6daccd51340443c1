// The `debug` package's API on util.format: oidc-provider logs its error details through
// `debug('oidc-provider:…')`. The package itself loads node:tty and its colour and formatting
// machinery at cold start; this stand-in keeps the output (on stderr, switched on as before by
// DEBUG naming the namespace: `*` a wildcard, `-name` an exclusion) and loads nothing.
const { format } = require('node:util');

const matcher = (pattern) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?')}$`);

function enabled(namespace) {
  const patterns = (process.env.DEBUG ?? '').split(/[\s,]+/).filter(Boolean);
  const excluded = patterns.filter((p) => p.startsWith('-')).map((p) => matcher(p.slice(1)));
  const included = patterns.filter((p) => !p.startsWith('-')).map(matcher);
  return !excluded.some((re) => re.test(namespace)) && included.some((re) => re.test(namespace));
}

function createDebug(namespace) {
  const on = enabled(namespace);
  const log = (...args) => {
    if (on) process.stderr.write(`${namespace} ${format(...args)}\n`);
  };
  log.enabled = on;
  log.namespace = namespace;
  log.extend = (suffix, delimiter = ':') => createDebug(`${namespace}${delimiter}${suffix}`);
  return log;
}
createDebug.enabled = enabled;
module.exports = createDebug;
module.exports.default = createDebug;
