import { createHash, randomBytes } from 'node:crypto';

/**
 * Helpers that play the browser and the OAuth client against an authorization server with plain
 * `fetch` (manual redirects, cookies carried by hand). Written for the development authorization
 * server's login form (a single `username` field); reusable by any e2e test.
 */

/** A PKCE code verifier and its S256 challenge. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** Creates a random PKCE pair (RFC 7636, S256). */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge, method: 'S256' };
}

/** A minimal cookie jar: remembers `Set-Cookie` per host and path, sends them back (RFC 6265 path match). */
export class CookieJar {
  private readonly cookies = new Map<
    string,
    { host: string; path: string; name: string; value: string }
  >();

  /** Stores (or removes, when expired) the cookies `response` sets for `url`. */
  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/u, '') || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', raw = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path' && raw.startsWith('/')) path = raw;
        if (lower === 'max-age' && Number(raw) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(raw) <= Date.now()) {
          expired = true;
        }
      }
      const key = `${url.host} ${path} ${name}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { host: url.host, path, name, value });
    }
  }

  /** The `Cookie` header to send to `url` (empty string when none). */
  header(url: URL): string {
    return [...this.cookies.values()]
      .filter(
        (cookie) =>
          cookie.host === url.host &&
          (url.pathname === cookie.path ||
            url.pathname.startsWith(
              cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`,
            )),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

/** A `fetch` that never follows redirects and carries the cookies of `jar`. */
export async function browserFetch(
  jar: CookieJar,
  url: string | URL,
  init: RequestInit = {},
): Promise<Response> {
  const target = new URL(url);
  const headers = new Headers(init.headers);
  const cookie = jar.header(target);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(target, {
    ...init,
    headers,
    redirect: 'manual',
  });
  jar.store(target, response);
  return response;
}

/** Where a series of redirects ended: at `stopAt` (not fetched), or at a page that does not redirect. */
export interface RedirectEnd {
  url: URL;
  /** The final non-redirect response; undefined when `stopAt` matched. */
  response?: Response;
}

/** Follows redirects from `response` (or GETs `start`) until `stopAt(url)` is true or a page does not redirect. */
export async function followRedirects(
  jar: CookieJar,
  start: URL,
  stopAt: (url: URL) => boolean,
  response?: Response,
  maxHops = 10,
): Promise<RedirectEnd> {
  let url = start;
  for (let hop = 0; hop <= maxHops; hop++) {
    if (!response) {
      if (stopAt(url)) return { url };
      response = await browserFetch(jar, url);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      return { url, response };
    }
    await response.body?.cancel();
    url = new URL(location, url);
    response = undefined;
  }
  throw new Error(`more than ${maxHops} redirects from ${start.href}`);
}

/** True when `url` is `redirectUri` with any query (the OAuth callback). */
export function isRedirectUri(url: URL, redirectUri: string): boolean {
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname;
}

/** The `action` of the first `method="post"` form of a page, resolved against `pageUrl`. */
export function loginFormAction(html: string, pageUrl: URL): URL {
  const form = /<form\b[^>]*\bmethod="post"[^>]*>/iu.exec(html)?.[0];
  const action = form && /\baction="([^"]*)"/iu.exec(form)?.[1];
  if (!action) throw new Error('no login form in the page');
  return new URL(action.replaceAll('&amp;', '&'), pageUrl);
}

/** Posts `username` to the login form found in `html`; returns the response (not followed). */
export async function submitLogin(
  jar: CookieJar,
  html: string,
  pageUrl: URL,
  username: string,
): Promise<Response> {
  return browserFetch(jar, loginFormAction(html, pageUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username }).toString(),
  });
}

/**
 * Plays the user's browser: opens `authorizationUrl`, signs in as `username` on the login page,
 * follows the redirects (consent is automatic) and returns the callback URL on `redirectUri`
 * (with `code` and `state`, or `error`). Throws when the flow stops on another page.
 */
export async function completeBrowserLogin(
  authorizationUrl: string | URL,
  username: string,
  redirectUri: string,
  jar = new CookieJar(),
): Promise<URL> {
  const atCallback = (url: URL) => isRedirectUri(url, redirectUri);
  let end = await followRedirects(jar, new URL(authorizationUrl), atCallback);
  if (end.response) {
    const html = await end.response.text();
    if (end.response.status !== 200 || !html.includes('name="username"')) {
      throw new Error(
        `expected the login page, got ${end.response.status} at ${end.url.href}: ${html.slice(0, 300)}`,
      );
    }
    const posted = await submitLogin(jar, html, end.url, username);
    end = await followRedirects(jar, end.url, atCallback, posted);
  }
  if (end.response) {
    throw new Error(
      `the flow stopped at ${end.url.href} (${end.response.status}): ${(await end.response.text()).slice(0, 300)}`,
    );
  }
  return end.url;
}

/** The authorization server metadata fields these helpers use. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  registration_endpoint?: string;
  [key: string]: unknown;
}

/** Fetches RFC 8414 metadata (`/.well-known/oauth-authorization-server`) of `issuer`. */
export async function discover(
  issuer: string,
): Promise<AuthorizationServerMetadata> {
  const response = await fetch(
    `${issuer}/.well-known/oauth-authorization-server`,
  );
  if (!response.ok) throw new Error(`discovery failed: ${response.status}`);
  return (await response.json()) as AuthorizationServerMetadata;
}

/** Registers a client (RFC 7591); defaults describe an MCP public client. Returns the JSON answer. */
export async function registerClient(
  registrationEndpoint: string,
  metadata: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(registrationEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_name: 'oauth-flow test client',
      ...metadata,
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Builds an authorization request URL; `undefined` values are left out. */
export function authorizationUrl(
  authorizationEndpoint: string,
  params: Record<string, string | undefined>,
): URL {
  const url = new URL(authorizationEndpoint);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url;
}

/** Posts a form to the token endpoint (public client: `client_id` in the body). */
export async function tokenRequest(
  tokenEndpoint: string,
  params: Record<string, string | undefined>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) form.set(key, value);
  }
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Inputs of `authorizationCodeFlow`. */
export interface AuthorizationCodeFlowOptions {
  issuer: string;
  resource: string;
  username: string;
  scope?: string;
  /** OpenID Connect `nonce` of the authorization request (echoed in the ID token when `scope` has `openid`). */
  nonce?: string;
  /** Callback URL registered for the client (never fetched); default `http://127.0.0.1:8976/callback`. */
  redirectUri?: string;
}

/** Result of `authorizationCodeFlow`: the registered client id and the token response. */
export interface AuthorizationCodeFlowResult {
  clientId: string;
  redirectUri: string;
  tokens: {
    access_token: string;
    refresh_token?: string;
    token_type: string;
    expires_in: number;
    scope?: string;
    [key: string]: unknown;
  };
}

/**
 * The whole flow of an MCP client: discovery, dynamic registration of a public client, an
 * authorization request with PKCE S256 and `resource`, the user's login, and the code exchange.
 */
export async function authorizationCodeFlow(
  options: AuthorizationCodeFlowOptions,
): Promise<AuthorizationCodeFlowResult> {
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:8976/callback';
  const metadata = await discover(options.issuer);
  if (!metadata.registration_endpoint) {
    throw new Error('no registration_endpoint');
  }
  const registration = await registerClient(metadata.registration_endpoint, {
    redirect_uris: [redirectUri],
  });
  if (registration.status !== 201) {
    throw new Error(
      `registration failed: ${JSON.stringify(registration.body)}`,
    );
  }
  const clientId = String(registration.body.client_id);
  const pkce = createPkcePair();
  const state = randomBytes(8).toString('hex');
  const callback = await completeBrowserLogin(
    authorizationUrl(metadata.authorization_endpoint, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: options.scope,
      nonce: options.nonce,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
      resource: options.resource,
    }),
    options.username,
    redirectUri,
  );
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(`authorization failed: ${callback.search}`);
  }
  const exchange = await tokenRequest(metadata.token_endpoint, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: redirectUri,
    code_verifier: pkce.verifier,
    resource: options.resource,
  });
  if (exchange.status !== 200) {
    throw new Error(`code exchange failed: ${JSON.stringify(exchange.body)}`);
  }
  return {
    clientId,
    redirectUri,
    tokens: exchange.body as AuthorizationCodeFlowResult['tokens'],
  };
}
