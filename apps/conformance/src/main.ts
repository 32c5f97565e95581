import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startConformanceApp } from './bootstrap.js';

startConformanceApp(process.env).then(
  ({ url }) => new Logger('Conformance').log(`Ready on ${url}`),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Conformance app failed to start: ${message}\n`);
    process.exit(1);
  },
);
