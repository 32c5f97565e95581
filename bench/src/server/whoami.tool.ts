import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { Tool, ToolExtra, type ToolCall } from '@nest-mcp/server';
import { ANONYMOUS_SUBJECT, TOOL_NAME } from './server-kind.js';

/** `extra.authInfo` as the peers leave it: the SDK verifier's `extra.subject`, or express-oauth2-jwt-bearer's `payload.sub`. */
interface PeerAuthInfo {
  extra?: { subject?: unknown };
  payload?: { sub?: unknown };
}

/**
 * The bench tool: the caller's subject as verified by `McpAuthModule` (`ours`) or by a peer
 * middleware (read back from the SDK's `extra.authInfo`), else a fixed anonymous answer.
 */
@Injectable()
export class WhoamiTool {
  @Tool({
    name: TOOL_NAME,
    description: 'Show the subject of the access token of this call.',
    annotations: { readOnlyHint: true },
  })
  whoami(
    @ResourceOwner() owner: ResourceOwner | undefined,
    @ToolExtra() extra: ToolCall['extra'] | undefined,
  ): { subject: string } {
    return {
      subject: owner?.subject ?? peerSubject(extra) ?? ANONYMOUS_SUBJECT,
    };
  }
}

function peerSubject(extra: ToolCall['extra'] | undefined): string | undefined {
  const info = extra?.http?.authInfo as PeerAuthInfo | undefined;
  const subject = info?.extra?.subject ?? info?.payload?.sub;
  return typeof subject === 'string' ? subject : undefined;
}
