/**
 * The data of a call, or its typed error thrown: for code that prefers exceptions.
 *
 * @example const accounts = unwrap(await session.GET('/v1/aisp/accounts')).Data.Account;
 */
export function unwrap<T>(result: { data?: T; error?: unknown }): T {
  if (result.error !== undefined) throw result.error;
  return result.data as T;
}
