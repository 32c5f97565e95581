// Module resolve hook for oidc-provider-load-trace.mjs: reports each resolved oidc-provider module.
let port;
let reported = false;

export function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (!reported && result.url.includes('/node_modules/oidc-provider/')) {
    reported = true;
    port.postMessage(result.url);
  }
  return result;
}
