import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import {
  PAGE_HEADERS,
  renderErrorPage,
  renderLoginPage,
} from './login-page.html.js';
import { INTERACTION_PATH_PREFIX } from './provider-configuration.js';

/** Usernames accepted by the login form: 1-64 characters of `[A-Za-z0-9._@-]`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/u;

/** Largest login form body read, in bytes. */
const MAX_FORM_BYTES = 4096;

/** `GET /interaction/:uid`, `POST /interaction/:uid/login`, `POST /interaction/:uid/abort`. */
const ROUTE = new RegExp(
  `^${INTERACTION_PATH_PREFIX}([A-Za-z0-9_-]+)(?:/(login|abort))?$`,
  'u',
);

/** An HTTP error shown to the user as a short page. */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** Handles one request to the interaction pages; never rejects. */
export type InteractionHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

/**
 * The login interaction of the development authorization server: a form asking for a username
 * only (no password; any valid username signs in as that user), then automatic consent that grants
 * the requested scopes and all the resource's scopes without showing anything.
 */
export function createLoginInteractionHandler(
  provider: Provider,
  options: { resource: string; scopes: readonly string[] },
): InteractionHandler {
  const { resource, scopes } = options;

  /** Shows the login form, with `status` and an optional error and username to put back. */
  async function showLogin(
    res: ServerResponse,
    uid: string,
    params: Record<string, unknown>,
    status = 200,
    failed?: { username: string; error: string },
  ): Promise<void> {
    const clientId = String(params.client_id ?? '');
    const client = clientId ? await provider.Client.find(clientId) : undefined;
    send(
      res,
      status,
      renderLoginPage({
        action: `${INTERACTION_PATH_PREFIX}${uid}/login`,
        abortAction: `${INTERACTION_PATH_PREFIX}${uid}/abort`,
        clientName: client?.clientName ?? clientId,
        scopes:
          typeof params.scope === 'string'
            ? params.scope.split(' ').filter(Boolean)
            : [],
        username: failed?.username,
        error: failed?.error,
      }),
    );
  }

  /** Grants what the consent prompt asks for (plus the resource's scopes) and resumes. */
  async function autoConsent(
    req: IncomingMessage,
    res: ServerResponse,
    interaction: Awaited<ReturnType<Provider['interactionDetails']>>,
  ): Promise<void> {
    const accountId = interaction.session?.accountId;
    if (!accountId) {
      throw new PageError(400, 'Sign-in required', 'No user is signed in.');
    }
    const details = interaction.prompt.details;
    const existing = interaction.grantId
      ? await provider.Grant.find(interaction.grantId)
      : undefined;
    const grant =
      existing ??
      new provider.Grant({
        accountId,
        clientId: String(interaction.params.client_id),
      });
    if (isStringArray(details.missingOIDCScope)) {
      grant.addOIDCScope(details.missingOIDCScope);
    }
    if (isStringArray(details.missingOIDCClaims)) {
      grant.addOIDCClaims(details.missingOIDCClaims);
    }
    const missingResourceScopes = details.missingResourceScopes;
    if (missingResourceScopes && typeof missingResourceScopes === 'object') {
      for (const [indicator, missing] of Object.entries(
        missingResourceScopes,
      )) {
        if (isStringArray(missing)) grant.addResourceScope(indicator, missing);
      }
    }
    grant.addResourceScope(resource, [...scopes]);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const match = ROUTE.exec(pathname);
    if (!match) {
      throw new PageError(404, 'Not found', 'There is no page here.');
    }
    const [, uid, action] = match;
    const expectedMethod = action === undefined ? 'GET' : 'POST';
    if (req.method !== expectedMethod) {
      res.setHeader('allow', expectedMethod);
      throw new PageError(
        405,
        'Method not allowed',
        `Use ${expectedMethod} here.`,
      );
    }

    const interaction = await provider.interactionDetails(req, res);
    if (interaction.uid !== uid) {
      throw new PageError(
        400,
        'Sign-in expired',
        'This page belongs to another sign-in. Start again from your application.',
      );
    }
    const prompt = interaction.prompt.name;

    if (action === 'abort') {
      await finish(req, res, {
        error: 'access_denied',
        error_description: 'the user cancelled the sign-in',
      });
      return;
    }

    if (action === 'login') {
      if (prompt !== 'login') {
        throw new PageError(400, 'Already signed in', 'Go back and retry.');
      }
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      if (!USERNAME_PATTERN.test(username)) {
        await showLogin(res, uid, interaction.params, 400, {
          username,
          error:
            'Enter a username of 1 to 64 letters, digits, dots, underscores, @ or hyphens.',
        });
        return;
      }
      await finish(req, res, { login: { accountId: username } });
      return;
    }

    if (prompt === 'login') {
      await showLogin(res, uid, interaction.params);
    } else if (prompt === 'consent') {
      await autoConsent(req, res, interaction);
    } else {
      await finish(req, res, {
        error: 'access_denied',
        error_description: `unsupported interaction prompt ${prompt}`,
      });
    }
  }

  /** Records the interaction result and redirects (303) back to oidc-provider. */
  function finish(
    req: IncomingMessage,
    res: ServerResponse,
    result: InteractionResults,
  ): Promise<void> {
    return provider.interactionFinished(req, res, result, {
      mergeWithLastSubmission: false,
    });
  }

  return async (req, res) => {
    try {
      await route(req, res);
    } catch (error) {
      sendError(res, error);
    }
  };
}

/** Reads an `application/x-www-form-urlencoded` body of at most `MAX_FORM_BYTES`. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new PageError(
      415,
      'Unsupported form',
      'Submit the form as application/x-www-form-urlencoded.',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw new PageError(413, 'Form too large', 'The form is too large.');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Answers with an HTML page, unless a response was already started. */
function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

/** Renders `error` as a short page: its title and message, never a stack trace. */
function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof PageError) {
    send(res, error.status, renderErrorPage(error.title, error.message));
    return;
  }
  const oidcError = error as {
    expose?: boolean;
    statusCode?: number;
    error?: string;
    error_description?: string;
  };
  if (oidcError.expose && oidcError.statusCode && oidcError.error) {
    // e.g. SessionNotFound: the interaction cookie is missing or the interaction expired.
    send(
      res,
      oidcError.statusCode,
      renderErrorPage(
        'Sign-in expired',
        `${oidcError.error_description ?? oidcError.error}. Start again from your application.`,
      ),
    );
    return;
  }
  console.error(
    `[dev-auth-server] login interaction failed: ${(error as Error)?.message ?? String(error)}`,
  );
  send(
    res,
    500,
    renderErrorPage('Server error', 'The sign-in could not be completed.'),
  );
}

/** True when `value` is an array of strings. */
function isStringArray(value: unknown): value is string[] {
  return (
    Array.isArray(value) && value.every((item) => typeof item === 'string')
  );
}
