import { describe, expect, it } from '@jest/globals';
import { parseDoctorArguments } from './doctor-arguments.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('nest-mcp-auth-doctor arguments', () => {
  it('reads --scope (repeated, inline, space-separated) and --help', () => {
    expect(
      parseDoctorArguments(['--scope', 'a', '--scope=b c', '--scope', 'd']),
    ).toEqual({ kind: 'check', scopes: ['a', 'b', 'c', 'd'] });
    expect(parseDoctorArguments(['--help'])).toEqual({ kind: 'help' });
  });

  it('refuses a token on the command line without repeating it', () => {
    const result = parseDoctorArguments([TOKEN]);
    expect(result.kind).toBe('error');
    const message = (result as { message: string }).message;
    expect(message).toContain('read from stdin only');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('c2lnbmF0dXJl');
  });

  it('refuses unknown options and a --scope without a valid scope, without echoing them', () => {
    const unknown = parseDoctorArguments([`--token=${TOKEN}`]);
    expect(unknown).toEqual({
      kind: 'error',
      message: 'unknown option (argument 1); see --help',
    });
    expect(parseDoctorArguments(['--scope']).kind).toBe('error');
    expect(parseDoctorArguments(['--scope', 'a"b']).kind).toBe('error');
  });
});
