import { describe, expect, it } from '@jest/globals';
import { conformanceAddress } from './bootstrap.js';

describe('conformanceAddress (HOST, PORT)', () => {
  it('defaults to 127.0.0.1:3000 and reads HOST and PORT', () => {
    expect(conformanceAddress({})).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(conformanceAddress({ HOST: '::1', PORT: '3201' })).toEqual({
      host: '::1',
      port: 3201,
    });
  });

  it.each(['http', '-1', '65536', '3.5'])('refuses PORT=%s', (port) => {
    expect(() => conformanceAddress({ PORT: port })).toThrow(
      `PORT "${port}" is not a TCP port number (0-65535)`,
    );
  });
});
