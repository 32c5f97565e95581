import type { Annotations } from '@modelcontextprotocol/server';
import type { Completers } from '../completion/completer.js';

/** What `@Resource()` and `@ResourceTemplate()` share. */
interface ResourceOptionsBase {
  /** Name of the resource (or template), for clients; 1-128 characters. */
  name: string;
  /** Optional display title. */
  title?: string;
  /** What it holds, for the model. */
  description?: string;
  /** MIME type of its contents, listed and used for results the handler returns as text or JSON. */
  mimeType?: string;
  /** MCP annotations (`audience`, `priority`, `lastModified`). */
  annotations?: Annotations;
  /**
   * Scopes the caller's token must carry (together with any `@RequireScopes()` on the method or
   * its class); a `resources/read` lacking one answers HTTP 403 `insufficient_scope` before the
   * handler runs.
   */
  scopes?: string[];
}

/** Declaration of one MCP resource at a fixed URI, given to `@Resource()`. */
export interface ResourceOptions extends ResourceOptionsBase {
  /** The resource's absolute URI (`config://app`, `https://example.com/terms`). */
  uri: string;
}

/** Declaration of a family of MCP resources (RFC 6570 URI template), given to `@ResourceTemplate()`. */
export interface ResourceTemplateOptions extends ResourceOptionsBase {
  /** RFC 6570 URI template (`notes://{id}`); the handler gets the variables through `@ResourceVariables()`. */
  uriTemplate: string;
  /** Completion of template variables (`completion/complete`), by variable name. */
  complete?: Completers;
  /**
   * Name of a method of the same provider that lists the resources the template stands for right
   * now, for `resources/list`: it runs as a Nest handler (guards, `@ResourceOwner()`, so it can list
   * only the caller's own) and returns `{ uri, name?, title?, description?, mimeType? }[]`, every
   * `uri` matching the template (`name` defaults to the URI). Listed only to callers the template
   * is shown to (its scopes).
   */
  list?: string;
}
