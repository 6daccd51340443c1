/** A command line the CLI does not understand: usage text and exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const USAGE = `usage: ob <command> [flags]

  ob clients register --name NAME --redirect-uri URI [--scope "accounts payments"] [--out FILE] [--token TOKEN]
      Registers a client (RFC 7591) with a new key pair; writes { clientId, scope, privateJwk } to FILE.
  ob token [--scope SCOPE] [--customer USERNAME [--password PASSWORD]]
      Prints a client-credentials access token, or (sandbox) a customer's token for a new
      account-access consent that USERNAME authorises.
  ob call METHOD PATH [--customer USERNAME] [--query name=value]… [--body JSON] [--path name=value]…
      Calls the API and prints the JSON answer, e.g. ob call GET /v1/aisp/accounts --customer an.nguyen
  ob bills create --category C --reference REF --payer-name NAME --amount VND --due-date YYYY-MM-DD --description TEXT
      [--payer-id CCCD] [--payable-until YYYY-MM-DD]   (a city portal's client, e.g. --client .data/clients/cong-dich-vu-cong-da-nang.json)
      Issues one bill (POST /v1/bills) and prints it, its VietQR payload included, as JSON.
  ob webhooks listen [--forward URL] [--events bill.paid,…] [--port N] [--max-events N]
      Registers a webhook endpoint on a local port, checks each delivery's signature, prints it as
      one JSON line and forwards it (same body and headers) to URL; deletes the endpoint on exit.

Common flags:
  --base-url URL   the platform (env OB_BASE_URL, default http://127.0.0.1:3000)
  --client FILE    your client: JSON with clientId, scope, privateJwk (env OB_CLIENT, default .data/clients/vi-xanh.json)

Exit codes: 0 done · 1 the platform refused (code, message and interaction id on stderr)
            2 usage (unknown command or flag) · 3 could not run (no client file, network, key)
`;
