import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runDoctor } from '../libs/mcp-auth/src/doctor/run-doctor.js';
import {
  startIntrospectingIssuer,
  type IntrospectingIssuer,
} from './support/introspecting-issuer.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const SECRET = 'doctor-introspection-secret';

/** Runs the doctor in this process with `token` on stdin; its exit code and output. */
async function doctor(env: Record<string, string>, token: string) {
  let out = '';
  let err = '';
  const code = await runDoctor({
    argv: [],
    stdin: (async function* () {
      yield token;
    })(),
    env,
    cwd: '/nonexistent-doctor-cwd',
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  return { code, out, err };
}

describe('the doctor explains opaque tokens: it introspects them (RFC 7662)', () => {
  let as: IntrospectingIssuer;
  let env: Record<string, string>;

  beforeAll(async () => {
    as = await startIntrospectingIssuer();
    env = {
      MCP_AUTH_RESOURCE_URL: RESOURCE,
      MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
        {
          issuer: as.issuer,
          introspection: { clientId: 'rs', clientSecret: SECRET },
        },
      ]),
    };
  });
  afterAll(() => as.close());

  it('accepted: names the path and the issuer that introspected it', async () => {
    const token = 'doctor-opaque-accepted-token';
    as.answers.set(token, {
      iss: as.issuer,
      aud: RESOURCE,
      sub: 'subject-not-printed',
      scope: 'notes:read',
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    const run = await doctor(env, token);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      `path              opaque token, introspected (RFC 7662) at ["${as.issuer}"]`,
    );
    expect(run.out).toMatch(
      /PASS {2}audience +aud="http:\/\/127\.0\.0\.1:3000\/mcp"/,
    );
    expect(run.out).toContain('Verdict: ACCEPTED');
    const all = run.out + run.err;
    expect(all).not.toContain(token);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('subject-not-printed');
  });

  it('refused: the failing check of the answer, and why', async () => {
    const token = 'doctor-opaque-other-audience';
    as.answers.set(token, {
      aud: 'https://elsewhere.example/mcp',
      sub: 'x',
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    const run = await doctor(env, token);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /FAIL {2}audience +aud="https:\/\/elsewhere\.example\/mcp"/,
    );
    expect(run.out).toContain('reason=wrong_audience');
    expect(run.out + run.err).not.toContain(token);
  });

  it('inactive: the authorization server says so', async () => {
    const run = await doctor(env, 'doctor-opaque-unknown');
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAIL  signature');
    expect(run.out).toContain('not active (RFC 7662 §2.2)');
  });
});
