/** Escapes `&`, `<`, `>`, `"` and `'` so `value` can be placed in HTML text or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/gu,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        char
      ] ?? char,
  );
}

/** What the login page shows. Every value is escaped when rendered. */
export interface LoginPageModel {
  /** Form target, e.g. `/interaction/<uid>/login`. */
  action: string;
  /** URL of the abort form (denies the request). */
  abortAction: string;
  /** The client asking for access (its `client_name`, else its `client_id`). */
  clientName: string;
  /** Scopes requested. */
  scopes: readonly string[];
  /** Username to put back in the field after a failed attempt. */
  username?: string;
  /** Error to show above the form. */
  error?: string;
}

/** The style shared by the pages, inline so no request leaves loopback. */
const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f4f5;margin:0;padding:2rem}
main{max-width:26rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0003}
.dev{background:#fef3c7;border:1px solid #f59e0b;border-radius:4px;padding:.5rem .75rem;font-size:.9rem}
.error{color:#b91c1c}label{display:block;margin:1rem 0 .25rem}
input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.link{background:none;border:0;color:#555;text-decoration:underline;cursor:pointer}
code{background:#f4f4f5;padding:0 .2rem}`;

/** Security headers for the HTML pages: no scripts, no framing, no referrer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Wraps `body` (already escaped HTML) in a complete page titled `title`. */
function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="dev"><strong>Development authorization server.</strong> Any username is accepted and there is no password. Never use it outside local development.</p>
${body}
</main>
</body>
</html>
`;
}

/** Renders the login form: a single `username` field, no password. */
export function renderLoginPage(model: LoginPageModel): string {
  const scopes = model.scopes.length
    ? `<p>It asks for: ${model.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ')}</p>`
    : '';
  const error = model.error
    ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>`
    : '';
  return page(
    'Sign in (development)',
    `<h1>Sign in</h1>
<p><strong>${escapeHtml(model.clientName)}</strong> wants to access your account.</p>
${scopes}
${error}
<form method="post" action="${escapeHtml(model.action)}">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(model.username ?? '')}" autocomplete="username" autofocus required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}">
<button type="submit">Sign in</button>
</form>
<form method="post" action="${escapeHtml(model.abortAction)}"><button type="submit" class="link">Cancel</button></form>`,
  );
}

/** Renders a short error page (`title` and `message` only, never a stack trace). */
export function renderErrorPage(title: string, message?: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${message ? `<p>${escapeHtml(message)}</p>` : ''}`,
  );
}
