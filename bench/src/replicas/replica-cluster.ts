import { freePorts } from '../orchestrator/free-port.js';
import {
  SHIPPED_REPLICA_IDS,
  startNginxProxy,
  type NginxProxy,
} from './nginx-proxy.js';
import { startReplica, type ReplicaProcess } from './replica-process.js';
import { startReplicaIssuer, type ReplicaIssuer } from './replica-issuer.js';

/** The issuer, the replicas and the proxy in front of them. */
export interface ReplicaCluster {
  readonly issuer: ReplicaIssuer;
  readonly replicas: readonly ReplicaProcess[];
  readonly proxy: NginxProxy;
  /** The public resource URL (the proxy's), the audience of every token. */
  readonly resource: string;
  /** Stops the proxy, the replicas (SIGTERM) and the issuer; resolves with the replicas' exit codes. */
  stop(): Promise<Array<number | null>>;
}

/**
 * Starts one issuer, the three replicas of the compiled sample the shipped nginx configuration
 * routes (r1, r2, r3: `MCP_SERVER_REPLICA_ID` and `X-Served-By`), each trusting the issuer through
 * its own counted JWKS URL, and nginx with `deploy/nginx/mcp-replicas.conf` in front of them.
 * `MCP_AUTH_RESOURCE_URL` is the proxy's public URL, as in a deployment; `TRUST_PROXY=loopback`
 * trusts the proxy's X-Forwarded-* headers. `env` is added to every replica's environment
 * (e.g. `MCP_SERVER_*` bounds, `MCP_REDIS_URL`); `perReplica` adds to single replicas by name.
 */
export async function startReplicaCluster(
  env: Record<string, string> = {},
  perReplica: Readonly<Record<string, Record<string, string>>> = {},
): Promise<ReplicaCluster> {
  const [proxyPort, ...replicaPorts] = await freePorts(
    SHIPPED_REPLICA_IDS.length + 1,
  );
  const resource = `http://127.0.0.1:${proxyPort}/mcp`;
  const issuer = await startReplicaIssuer();
  const replicas: ReplicaProcess[] = [];
  let proxy: NginxProxy | undefined;
  const stop = async () => {
    await proxy?.stop();
    const codes = await Promise.all(replicas.map((replica) => replica.stop()));
    await issuer.close();
    return codes;
  };
  try {
    for (const [index, port] of replicaPorts.entries()) {
      const name = SHIPPED_REPLICA_IDS[index];
      replicas.push(
        await startReplica(name, port, {
          MCP_AUTH_RESOURCE_URL: resource,
          MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
            { issuer: issuer.issuer, jwksUri: issuer.jwksUriFor(name) },
          ]),
          TRUST_PROXY: 'loopback',
          MCP_SERVER_REPLICA_ID: name,
          NO_COLOR: '1',
          ...env,
          ...perReplica[name],
        }),
      );
    }
    proxy = await startNginxProxy(proxyPort, replicaPorts);
    return { issuer, replicas, proxy, resource, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
