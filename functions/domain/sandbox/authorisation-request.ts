import { isObject, Problems } from '../validation.ts';

/** `POST /sandbox/authorisations`: a demo customer answering an authorization request without a browser. */
export interface SandboxAuthorisationRequest {
  /** The authorization URL the client built after PAR (`…/oauth2/auth?client_id=…&request_uri=…`). */
  authorizationUrl: URL;
  username: string;
  password: string;
  approve: boolean;
  /** The accounts to share or pay from; absent: every account the consent page offers (the first, for a payment). */
  accountIds?: string[];
  /** Tick the page's biometric step-up box (payments above the Decision 2345 thresholds). */
  stepUp: boolean;
}

const FIELDS = ['AuthorizationUrl', 'Username', 'Password', 'Decision', 'AccountIds', 'StepUp'] as const;
const MAX_TEXT = 256;
const MAX_URL = 2048;
const ACCOUNT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** Parses the request; every problem is reported at once with the field to fix. */
export function parseSandboxAuthorisationRequest(body: unknown): {
  value?: SandboxAuthorisationRequest;
  problems: Problems;
} {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing(
      'Data',
      'The body needs a Data object: { "Data": { "AuthorizationUrl", "Username", "Password" } }.',
    );
    return { problems };
  }
  for (const name of Object.keys(data)) {
    if (!(FIELDS as readonly string[]).includes(name)) {
      problems.add(
        `Data.${name}`,
        `Data.${name} is not a field of this request.`,
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
  let authorizationUrl: URL | undefined;
  if (typeof data.AuthorizationUrl !== 'string' || !data.AuthorizationUrl) {
    problems.missing(
      'Data.AuthorizationUrl',
      'Data.AuthorizationUrl is required: the URL your client built after PAR.',
    );
  } else if (data.AuthorizationUrl.length > MAX_URL || !URL.canParse(data.AuthorizationUrl)) {
    problems.add(
      'Data.AuthorizationUrl',
      'Data.AuthorizationUrl must be an absolute URL of at most 2048 characters.',
    );
  } else {
    authorizationUrl = new URL(data.AuthorizationUrl);
  }
  const text = (name: 'Username' | 'Password') => {
    const value = data[name];
    if (typeof value !== 'string' || !value) problems.missing(`Data.${name}`);
    else if (value.length > MAX_TEXT)
      problems.add(`Data.${name}`, `Data.${name} is longer than ${MAX_TEXT} characters.`);
    else return value;
    return undefined;
  };
  const username = text('Username');
  const password = text('Password');
  // Only an absent Decision approves: `null` is refused like any other value.
  const decision = data.Decision === undefined ? 'Approve' : data.Decision;
  if (decision !== 'Approve' && decision !== 'Deny') {
    problems.add('Data.Decision', 'Data.Decision is Approve or Deny.');
  }
  let accountIds: string[] | undefined;
  if (data.AccountIds !== undefined) {
    if (
      !Array.isArray(data.AccountIds) ||
      data.AccountIds.length === 0 ||
      data.AccountIds.length > 50 ||
      !data.AccountIds.every((id) => typeof id === 'string' && ACCOUNT_ID.test(id))
    ) {
      problems.add(
        'Data.AccountIds',
        'Data.AccountIds is a list of 1 to 50 account ids (GET /sandbox/customers).',
      );
    } else {
      accountIds = data.AccountIds as string[];
    }
  }
  if (data.StepUp !== undefined && typeof data.StepUp !== 'boolean') {
    problems.add('Data.StepUp', 'Data.StepUp is true or false.');
  }
  if (!problems.empty || !authorizationUrl || !username || !password) return { problems };
  return {
    value: {
      authorizationUrl,
      username,
      password,
      approve: decision === 'Approve',
      ...(accountIds ? { accountIds } : {}),
      stepUp: data.StepUp === true,
    },
    problems,
  };
}
