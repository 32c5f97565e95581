#!/usr/bin/env node
/**
 * `nest-mcp-auth-doctor`: explains whether this server would accept an access token, and why
 * not. The token is read from stdin only. See `runDoctor`.
 */
import 'reflect-metadata';
import { runDoctor } from '../doctor/run-doctor.js';

runDoctor({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
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
