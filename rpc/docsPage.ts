import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** The Swagger UI files served under /docs/, from the installed swagger-ui-dist package (no network needed). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const dir = (() => {
  const require = createRequire(import.meta.url);
  return join(require.resolve('swagger-ui-dist/package.json'), '..');
})();

const cache = new Map<string, Buffer>();

/** A /docs/ asset by file name (only the few listed: nothing else of the file system is reachable), or null. */
export function docsAsset(name: string): { type: string; body: Buffer } | null {
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name]! : null;
  if (!type) return null;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(join(dir, name))));
  return { type, body };
}

/**
 * The /docs page: Swagger UI (a maintained renderer) over /openapi.json, every script and style
 * from this server, the online validator badge off — it works with the network off.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SmartCrowd API reference</title>
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true, tryItOutEnabled: false });
  </script>
</body>
</html>
`;
