/**
 * `npm run doctor`: the `nest-mcp-auth-doctor` of `@nest-mcp/auth` with the sample's defaults
 * (resource `http://HOST:PORT/mcp`, the embedded development server as issuer) where no
 * `MCP_AUTH_*` variable is set. Reads the token from stdin; see docs/troubleshooting.md.
 */
import 'reflect-metadata';
import { runDoctor } from '@nest-mcp/auth';
import { sampleDoctorDefaults } from './sample-doctor-defaults.js';

runDoctor({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  defaults: sampleDoctorDefaults,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `nest-mcp-auth-doctor: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
