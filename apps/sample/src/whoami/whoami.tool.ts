import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { Tool } from '@nest-mcp/server';

/** `whoami`: the verified identity of the caller. */
@Injectable()
export class WhoamiTool {
  @Tool({
    name: 'whoami',
    description: 'Show the identity behind the access token of this call.',
    annotations: { readOnlyHint: true },
  })
  whoami(@ResourceOwner() owner: ResourceOwner) {
    return {
      subject: owner.subject,
      issuer: owner.issuer,
      clientId: owner.clientId ?? null,
      scopes: [...owner.scopes],
    };
  }
}
