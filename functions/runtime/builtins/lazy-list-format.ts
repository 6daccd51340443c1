/**
 * `Intl.ListFormat` built on first use, put in place of the global in every bundle by esbuild
 * `inject` (lib/bundle-aliases.ts). oidc-provider's helpers/formatters.js constructs two at
 * import, and the first construction loads ICU's list data: about 20 ms of CPU at every cold start
 * of the authorization server, for the wording of rare refusals (a missing parameter, a bad
 * registration). Same constructor and methods; a bad locale or option throws at first use.
 * esbuild does not rewrite this file's own `Intl.ListFormat`, and leaves it out of bundles that
 * never name the global.
 */
class LazyListFormat {
  readonly #args: ConstructorParameters<typeof Intl.ListFormat>;
  #real: Intl.ListFormat | undefined;

  constructor(...args: ConstructorParameters<typeof Intl.ListFormat>) {
    this.#args = args;
  }

  #formatter(): Intl.ListFormat {
    this.#real ??= new Intl.ListFormat(...this.#args);
    return this.#real;
  }

  format(list: Iterable<string>): string {
    return this.#formatter().format(list);
  }

  formatToParts(list: Iterable<string>): ReturnType<Intl.ListFormat['formatToParts']> {
    return this.#formatter().formatToParts(list);
  }

  resolvedOptions(): Intl.ResolvedListFormatOptions {
    return this.#formatter().resolvedOptions();
  }

  static supportedLocalesOf(
    ...args: Parameters<typeof Intl.ListFormat.supportedLocalesOf>
  ): ReturnType<typeof Intl.ListFormat.supportedLocalesOf> {
    return Intl.ListFormat.supportedLocalesOf(...args);
  }
}

export { LazyListFormat as 'Intl.ListFormat' };
