/**
 * Stack traces that name the TypeScript sources, without `--enable-source-maps`: with that flag
 * Node reads and parses a bundle's whole source map while loading it (about 25 ms of CPU at the
 * cold start of a 400 KB handler) for stacks most containers never print. Injected into every
 * bundle by esbuild (lib/bundle-aliases.ts), this hook reads the bundle's map the first time a
 * stack with a frame in the bundle is formatted, and rewrites those frames as Node's own support
 * does; the header and the other frames stay Node's formatting. Switching Node's support on at
 * that moment (`process.setSourceMapsEnabled(true)`) would not do: Node keeps only the maps of
 * modules loaded while it was on, so the bundle's frames would stay minified.
 */
import type { SourceMap, SourceMapping } from 'node:module';

/** The bundle: esbuild keeps `import.meta.url`, which V8 names the bundle's frames by. */
const bundle = import.meta.url;
/** `undefined` until first needed; `null` when the bundle has no readable map. */
let bundleMap: SourceMap | null | undefined;

/**
 * The map esbuild writes beside the bundle (`index.mjs.map`), its sources as absolute paths. The
 * built-ins are taken here, not imported: an ESM import of node:fs alone loads its streams.
 */
function readBundleMap(): SourceMap | null {
  try {
    const { readFileSync } = process.getBuiltinModule('node:fs');
    const { SourceMap } = process.getBuiltinModule('node:module');
    const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');
    const file = `${fileURLToPath(bundle)}.map`;
    const payload = JSON.parse(readFileSync(file, 'utf8'));
    const base = pathToFileURL(file);
    payload.sources = payload.sources.map((source: string) => fileURLToPath(new URL(source, base)));
    return new SourceMap(payload);
  } catch {
    return null;
  }
}

/** A mapping found by `findEntry` (an empty object when none), with the symbol name Node adds (absent from its types). */
type Mapping = SourceMapping & { name?: string };
const found = (entry: object): entry is Mapping => 'originalSource' in entry;

/** The original name of a frame's function, as Node finds it: at the enclosing function, else at the caller's call. */
function originalName(map: SourceMap, site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined) {
  const line = site.getEnclosingLineNumber();
  const column = site.getEnclosingColumnNumber();
  const enclosing = line && column ? map.findEntry(line - 1, column - 1) : {};
  if (found(enclosing) && enclosing.name) return enclosing.name;
  if (caller?.getFileName() !== site.getFileName()) return undefined;
  const callerLine = caller.getLineNumber();
  const callerColumn = caller.getColumnNumber();
  const call = callerLine && callerColumn ? map.findEntry(callerLine - 1, callerColumn - 1) : {};
  return found(call) ? call.name : undefined;
}

/** One frame as Node's source-map support prints it (`at name (file.ts:line:column)`), or undefined when unmapped. */
function originalFrame(map: SourceMap, site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined) {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const entry = line && column ? map.findEntry(line - 1, column - 1) : {};
  if (!found(entry)) return undefined;
  const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
  const type = site.getTypeName();
  const name = originalName(map, site, caller) || site.getFunctionName() || site.getMethodName();
  const text = `${prefix}${type && type !== 'global' ? `${type}.` : ''}${name || '<anonymous>'} (${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
  return { toString: () => text };
}

/** Node exposes its formatter as the initial `Error.prepareStackTrace`; V8's plain format otherwise. */
const nodeFormat: (error: Error, trace: NodeJS.CallSite[]) => unknown =
  Error.prepareStackTrace ??
  ((error, trace) => [Error.prototype.toString.call(error), ...trace].join('\n    at '));

Error.prepareStackTrace = (error, trace) => {
  if (!trace.some((site) => site.getFileName() === bundle)) return nodeFormat(error, trace);
  bundleMap ??= readBundleMap();
  const map = bundleMap;
  if (!map) return nodeFormat(error, trace);
  // Node's formatter joins the frames as strings: a mapped frame only needs its text.
  const frames = trace.map(
    (site, i) => (site.getFileName() === bundle && originalFrame(map, site, trace[i + 1])) || site,
  );
  return nodeFormat(error, frames as NodeJS.CallSite[]);
};
