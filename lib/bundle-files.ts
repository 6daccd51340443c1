/** A file copied next to a handler's bundle, for handlers that read it at run time. */
export interface BundleFile {
  /** Relative to the project root. */
  from: string;
  /** File name inside the bundle directory. */
  to: string;
}

/**
 * Extra files per handler. The docs page serves Redoc's standalone script from beside
 * its own bundle rather than from a CDN, so the reference works without third-party hosts.
 */
export const bundleFiles: Record<string, BundleFile[]> = {
  'handlers/system/docs-page': [
    { from: 'node_modules/redoc/bundles/redoc.standalone.js', to: 'redoc.standalone.js' },
  ],
};
