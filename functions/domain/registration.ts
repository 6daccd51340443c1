/**
 * What a partner may register (RFC 7591) and update (RFC 7592), as pure rules. An initial
 * access token is bound to one kind of partner and the scopes the bank granted it; the
 * registration access token a client receives carries the same binding, so an update can never
 * widen what the registration allowed.
 */

/** Partner kinds and the API scopes each may hold (CONTRACT.md "Authorization"). */
const PARTNER_KINDS = {
  /** Fintechs: customer-facing apps reading accounts and initiating payments. */
  fintech: ['accounts', 'payments'],
  /** City partners (public-service portals) collecting bills. */
  city: ['bills'],
  /** ATM and post-office terminals. */
  terminal: ['cash'],
} as const satisfies Record<string, readonly string[]>;

export type PartnerKind = keyof typeof PARTNER_KINDS;

/** Every API scope a partner can be granted; `operations` never is. */
const PARTNER_SCOPES = ['accounts', 'payments', 'bills', 'cash'] as const;
type PartnerScope = (typeof PARTNER_SCOPES)[number];

/** Scopes a registration may carry besides its API scopes. */
const PROTOCOL_SCOPES = new Set(['openid', 'offline_access']);

const CUSTOMER_GRANTS = new Set(['authorization_code', 'refresh_token']);
const KNOWN_GRANTS = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

/**
 * What one initial access token may register. `any` is the sandbox token's kind: any partner
 * client with any partner scope (CONTRACT.md).
 */
interface RegistrationBinding {
  kind: PartnerKind | 'any';
  scopes: readonly PartnerScope[];
}

/** The policy that checks every registration and update (it reads the binding policies). */
export const PARTNER_REGISTRATION_POLICY = 'partner-registration';
const KIND_POLICY = 'partner-kind:';
const SCOPE_POLICY = 'partner-scope:';

/** The token's policy names carrying this binding (oidc-provider stores them on the token). */
export function bindingPolicies(binding: RegistrationBinding): string[] {
  return [
    PARTNER_REGISTRATION_POLICY,
    `${KIND_POLICY}${binding.kind}`,
    ...binding.scopes.map((scope) => `${SCOPE_POLICY}${scope}`),
  ];
}

/** Every binding policy name a token may carry, for the provider's configuration. */
export function allBindingPolicyNames(): string[] {
  return [
    ...[...Object.keys(PARTNER_KINDS), 'any'].map((kind) => `${KIND_POLICY}${kind}`),
    ...PARTNER_SCOPES.map((scope) => `${SCOPE_POLICY}${scope}`),
  ];
}

/** The binding a token's policies carry, or undefined when they carry none (never register then). */
export function bindingFromPolicies(
  policies: readonly string[] | undefined,
): RegistrationBinding | undefined {
  if (!policies?.includes(PARTNER_REGISTRATION_POLICY)) return undefined;
  const kinds = policies.filter((p) => p.startsWith(KIND_POLICY)).map((p) => p.slice(KIND_POLICY.length));
  const kind = kinds.length === 1 ? kinds[0] : undefined;
  if (kind !== 'any' && !(kind !== undefined && kind in PARTNER_KINDS)) return undefined;
  const scopes = policies
    .filter((p) => p.startsWith(SCOPE_POLICY))
    .map((p) => p.slice(SCOPE_POLICY.length))
    .filter((scope): scope is PartnerScope => (PARTNER_SCOPES as readonly string[]).includes(scope));
  return { kind: kind as RegistrationBinding['kind'], scopes };
}

/** The sandbox token's binding: any kind of partner client, every partner scope. */
export const SANDBOX_BINDING: RegistrationBinding = { kind: 'any', scopes: PARTNER_SCOPES };

/** An operator's request for a partner's initial access token, checked. */
export interface PartnerTokenRequest {
  partner: string;
  binding: RegistrationBinding & { kind: PartnerKind };
  /** Lifetime in days (1–365). */
  days: number;
}

/**
 * Checks an operator's issue command: a named partner, one partner kind, scopes that kind may
 * hold, a lifetime of 1–365 whole days. Returns the request or the problem to fix.
 */
export function parsePartnerTokenRequest(input: {
  partner?: string;
  kind?: string;
  scopes?: string;
  days?: string;
}): PartnerTokenRequest | { problem: string } {
  const partner = input.partner?.trim() ?? '';
  if (!partner || partner.length > 100) return { problem: '--partner: the partner name (1–100 characters)' };
  const kind = input.kind ?? '';
  if (!(kind in PARTNER_KINDS)) {
    return { problem: `--kind: one of ${Object.keys(PARTNER_KINDS).join(', ')} (got '${kind}')` };
  }
  const allowed: readonly string[] = PARTNER_KINDS[kind as PartnerKind];
  const scopes = [
    ...new Set(
      (input.scopes ?? '')
        .split(/[,\s]+/)
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) return { problem: `--scopes: a ${kind} may hold ${allowed.join(', ')}` };
  const refused = scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length) {
    return {
      problem: `--scopes: a ${kind} may hold ${allowed.join(', ')}, not ${refused.join(', ')}`,
    };
  }
  const days = Number(input.days ?? '30');
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    return { problem: `--days: whole days from 1 to 365 (got '${input.days}')` };
  }
  return { partner, binding: { kind: kind as PartnerKind, scopes: scopes as PartnerScope[] }, days };
}

/** Where a registration was refused: a redirect URI (`invalid_redirect_uri`) or other metadata. */
interface RegistrationProblem {
  kind: 'redirect_uri' | 'metadata';
  /** What is wrong and what to register instead; starts with the offending metadata name. */
  description: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Metadata the provider would fetch from URLs for features this platform does not use. */
const UNUSED_FETCHED_URIS = ['sector_identifier_uri', 'request_uris'];
/** Metadata holding a URL: the provider fetches `jwks_uri`; a customer's browser opens or shows the rest. */
const HTTPS_URIS = ['jwks_uri', 'logo_uri', 'client_uri', 'policy_uri', 'tos_uri'];

/**
 * The first reason this client metadata may not be registered (or updated to) with this
 * binding, or undefined when it may. `sandbox`: loopback `http` redirect URIs are allowed.
 *
 * @example registrationProblem({ redirect_uris: ['http://evil.example/cb'], … }, binding, { sandbox: false })
 * // { kind: 'redirect_uri', description: "redirect_uris: 'http://evil.example/cb' must use https" }
 */
export function registrationProblem(
  metadata: Record<string, unknown>,
  binding: RegistrationBinding,
  mode: { sandbox: boolean },
): RegistrationProblem | undefined {
  const metadataProblem = (description: string): RegistrationProblem => ({ kind: 'metadata', description });

  for (const [field, value] of Object.entries(metadata)) {
    if (field !== 'client_name' && !field.startsWith('client_name#')) continue;
    if (typeof value === 'string' && imitatesBank(value)) {
      return metadataProblem(
        `${field}: '${value}' imitates the bank's name; register your own company's or app's name`,
      );
    }
  }
  if (typeof metadata.client_name !== 'string' || !metadata.client_name.trim()) {
    return metadataProblem('client_name: the name customers see on the consent page is required');
  }

  if (metadata.token_endpoint_auth_method !== 'private_key_jwt') {
    return metadataProblem("token_endpoint_auth_method: must be 'private_key_jwt' (FAPI 2.0)");
  }
  if (metadata.dpop_bound_access_tokens !== undefined && metadata.dpop_bound_access_tokens !== true) {
    return metadataProblem(
      'dpop_bound_access_tokens: must be true; access tokens are always DPoP-bound (FAPI 2.0, RFC 9449)',
    );
  }
  for (const field of UNUSED_FETCHED_URIS) {
    if (metadata[field] !== undefined) return metadataProblem(`${field}: not supported here; leave it out`);
  }
  if (!metadata.jwks && !metadata.jwks_uri) {
    return metadataProblem('jwks: register your public signing keys in jwks (or jwks_uri)');
  }
  for (const field of HTTPS_URIS) {
    const value = metadata[field];
    if (value !== undefined && !(typeof value === 'string' && isHttps(value))) {
      return metadataProblem(`${field}: '${String(value)}' must be an https URL`);
    }
  }

  for (const field of ['redirect_uris', 'post_logout_redirect_uris']) {
    const uris = metadata[field];
    if (uris === undefined) continue;
    const kind = field === 'redirect_uris' ? 'redirect_uri' : 'metadata';
    if (!Array.isArray(uris)) return { kind, description: `${field}: must be an array` };
    for (const uri of uris) {
      const problem = redirectUriProblem(uri, mode.sandbox);
      if (problem) return { kind, description: `${field}: ${problem}` };
    }
  }

  const scopes = String(metadata.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const apiScopes = scopes.filter((scope) => !PROTOCOL_SCOPES.has(scope));
  if (apiScopes.length === 0) {
    return metadataProblem(`scope: required, e.g. '${binding.scopes.join(' ') || 'accounts'}'`);
  }
  const unknown = apiScopes.filter((scope) => !(PARTNER_SCOPES as readonly string[]).includes(scope));
  if (unknown.length) {
    return metadataProblem(`scope: not available through registration: ${unknown.join(' ')}`);
  }
  const beyond = apiScopes.filter((scope) => !(binding.scopes as readonly string[]).includes(scope));
  if (beyond.length) {
    return metadataProblem(
      `scope: ${beyond.join(' ')} is beyond this initial access token, which allows ${binding.scopes.join(' ') || 'no scope'}`,
    );
  }

  const grants = Array.isArray(metadata.grant_types)
    ? (metadata.grant_types as unknown[]).map(String)
    : ['authorization_code'];
  const unsupported = grants.filter((grant) => !KNOWN_GRANTS.has(grant));
  if (unsupported.length) return metadataProblem(`grant_types: not supported: ${unsupported.join(', ')}`);
  if (binding.kind === 'city' || binding.kind === 'terminal') {
    const customerGrants = grants.filter((grant) => CUSTOMER_GRANTS.has(grant));
    if (customerGrants.length || !grants.includes('client_credentials')) {
      return metadataProblem(
        `grant_types: this initial access token registers ${binding.kind} clients, which use ['client_credentials'] only` +
          (customerGrants.length ? ` (${customerGrants.join(', ')}: fintech clients only)` : ''),
      );
    }
  }
  const responseTypes = Array.isArray(metadata.response_types) ? metadata.response_types : ['code'];
  if (responseTypes.some((type) => type !== 'code'))
    return metadataProblem("response_types: must be ['code']");
  return undefined;
}

function isHttps(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** Why this redirect URI is refused, or undefined: https only; loopback http in the sandbox only. */
function redirectUriProblem(uri: unknown, sandbox: boolean): string | undefined {
  if (typeof uri !== 'string' || !URL.canParse(uri)) return `'${String(uri)}' is not an absolute URL`;
  const url = new URL(uri);
  if (url.username || url.password) return `'${uri}' must not carry credentials`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(url.hostname)) {
      return sandbox
        ? undefined
        : `'${uri}' is a loopback address, allowed in the sandbox only; register an https URI`;
    }
    return `'${uri}' must use https`;
  }
  return `'${uri}' uses the custom scheme '${url.protocol.slice(0, -1)}'; only https URIs are accepted (use an app link / universal link)`;
}

/**
 * Names (folded, without spaces) that belong to the bank: VietinBank, and its full names
 * "Ngân hàng (TMCP) Công Thương (Việt Nam)" and "… Commercial Bank for Industry and Trade".
 */
const BANK_MARKS = ['vietin', 'nganhangcongthuong', 'tmcpcongthuong', 'bankforindustryandtrade'];

/** Characters that look like Latin letters, as a lookalike name would use them. */
const LOOKALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  // Lower-case L beside capitals ("VIETlNBANK"), and the dotless and Latin iotas.
  l: 'i',
  ı: 'i',
  ɩ: 'i',
  ӏ: 'i',
  ǀ: 'i',
  а: 'a',
  е: 'e',
  і: 'i',
  ї: 'i',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ν: 'v',
  ι: 'i',
  ο: 'o',
  α: 'a',
  τ: 't',
  к: 'k',
  т: 't',
  в: 'b',
  н: 'h',
};

/** Lower case, Vietnamese diacritics and lookalike characters folded to plain Latin letters. */
function fold(name: string): string {
  return [...name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replaceAll('đ', 'd')]
    .map((char) => LOOKALIKES[char] ?? char)
    .join('');
}

/**
 * Whether a client name imitates the bank: VietinBank (any spacing, case, diacritics or
 * lookalike letters), its app iPay, or its full names ("Ngân hàng Công Thương").
 *
 * @example imitatesBank('Vietin Bank iPay') // true
 * @example imitatesBank('Ví Xanh') // false
 */
function imitatesBank(name: string): boolean {
  const folded = fold(name);
  const squashed = folded.replace(/[^a-z0-9]/g, '');
  if (BANK_MARKS.some((mark) => squashed.includes(mark))) return true;
  // "iPay" as a word of its own (iPay, i-Pay, "i Pay", iPay Mobile), not inside e.g. "MiniPay".
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  return words.some((word, index) => word.startsWith('ipay') || (word === 'i' && words[index + 1] === 'pay'));
}
