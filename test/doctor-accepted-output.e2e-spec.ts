import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../libs/mcp-auth/src/doctor/run-doctor.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const ESC = '\u001b';

/**
 * The doctor on an accepted token (a real signed token, the issuer's JWKS over HTTP): the claims
 * it prints come from the token, so they are sanitised like a refusal's, and terminal escape
 * sequences in them never reach the terminal.
 */
describe('nest-mcp-auth-doctor on an accepted token with escape sequences in its claims', () => {
  let idp: TestIssuer;
  let cwd: string;

  beforeAll(async () => {
    idp = await startTestIssuer({ audience: RESOURCE });
    cwd = mkdtempSync(join(tmpdir(), 'doctor-accepted-'));
  });
  afterAll(async () => {
    rmSync(cwd, { recursive: true, force: true });
    await idp.close();
  });

  async function doctor(token: string): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runDoctor({
      argv: [],
      stdin: (async function* () {
        yield `${token}\n`;
      })(),
      env: {
        MCP_AUTH_RESOURCE_URL: RESOURCE,
        MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
          { issuer: idp.issuer, jwksUri: idp.jwksUri },
        ]),
      },
      cwd,
      out: (text) => (out += text),
      err: (text) => (out += text),
    });
    return { code, out };
  }

  it('prints client_id and scopes escaped in the ACCEPTED verdict', async () => {
    const token = await idp.mint({
      subject: 'subject-not-printed',
      scope: `notes:read ${ESC}]0;pwned\u0007 ${ESC}[2J`,
      claims: { client_id: `evil${ESC}[31mred${ESC}[0m` },
    });
    const { code, out } = await doctor(token);
    expect(code).toBe(0);
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).toContain(
      `Verdict: ACCEPTED (issuer "${idp.issuer}", client "evil?[31mred?[0m", scopes ["notes:read","?]0;pwned?","?[2J"])`,
    );
    expect(out).not.toContain(token);
    expect(out).not.toContain('subject-not-printed');
  }, 60_000);

  it('prints the refused token the same way (one sanitising function for both)', async () => {
    const token = await idp.mint({
      audience: 'https://elsewhere.example.com',
      claims: { client_id: `evil${ESC}[31mred` },
    });
    const { code, out } = await doctor(token);
    expect(code).toBe(1);
    expect(out).not.toContain(ESC);
    expect(out).toContain('client_id="evil?[31mred"');
  }, 60_000);
});
