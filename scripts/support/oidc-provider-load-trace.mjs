// Preload (`node --import`): writes "oidc-provider loaded" to stderr when the process imports the
// oidc-provider package. The resolve hook runs on Node's loader thread and reports over a port.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  process.stderr.write(`oidc-provider loaded: ${url}\n`);
});
port1.unref();
register('./oidc-provider-load-hook.mjs', import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
});
