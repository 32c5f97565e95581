import type { INestApplication } from '@nestjs/common';

/** Environment variables for running the sample behind a reverse proxy and as replicas. */
export const DEPLOYMENT_ENV = {
  trustProxy: 'TRUST_PROXY',
  replicaName: 'SAMPLE_REPLICA_NAME',
} as const;

/** The response header naming the replica that answered, when `SAMPLE_REPLICA_NAME` is set. */
export const REPLICA_HEADER = 'X-Served-By';

/** The deployment settings read from the environment. */
export interface DeploymentSettings {
  /** Express's `trust proxy` (Fastify's `trustProxy`) value, when set. */
  readonly trustProxy?: boolean | number | string;
  /** Name sent in `X-Served-By`, when set. */
  readonly replicaName?: string;
}

/**
 * Reads the deployment settings, failing at start on a bad value:
 * - `TRUST_PROXY`: Express's `trust proxy`, Fastify's `trustProxy` (`1` for one proxy hop,
 *   `loopback`, a subnet list, or `true`), so that `req.ip` and `req.protocol` come from `X-Forwarded-For`/`X-Forwarded-Proto`.
 *   Token checks never depend on it: the resource URL is configured, not derived from headers.
 * - `SAMPLE_REPLICA_NAME`: every response carries `X-Served-By: <name>` (to see the balancing).
 */
export function deploymentSettingsFrom(
  env: NodeJS.ProcessEnv,
): DeploymentSettings {
  const trustProxy = env[DEPLOYMENT_ENV.trustProxy]?.trim();
  const replicaName = env[DEPLOYMENT_ENV.replicaName]?.trim();
  if (replicaName && !/^[\w.-]{1,64}$/.test(replicaName)) {
    throw new Error(
      `${DEPLOYMENT_ENV.replicaName} must be 1-64 letters, digits, ".", "_" or "-"`,
    );
  }
  return {
    trustProxy: trustProxy ? trustProxyValue(trustProxy) : undefined,
    replicaName: replicaName || undefined,
  };
}

/**
 * Applies `settings` to the application before it listens (`trustProxy` is given to the platform
 * as the application is created: Fastify takes it only then).
 */
export function applyDeploymentSettings(
  app: INestApplication,
  { replicaName }: DeploymentSettings,
): void {
  if (replicaName) {
    app.use(
      (
        _req: unknown,
        res: { setHeader(name: string, value: string): void },
        next: () => void,
      ) => {
        res.setHeader(REPLICA_HEADER, replicaName);
        next();
      },
    );
  }
}

function trustProxyValue(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}
