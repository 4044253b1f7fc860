import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './router.ts';

/**
 * The OpenAPI 3.1 document of every REST-style path, generated from the procedures. `serverUrl`
 * comes from the operator's configuration (`--public-url`), never from a request: the default `/`
 * means "where this document was fetched from".
 */
export function openApiDocument(serverUrl = '/') {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'SmartCrowd API',
    description: 'SmartCrowd: wallet-weighted forecasts beside prediction-market prices. The same procedures are served as tRPC at /trpc.',
    version: '0.1.0',
    baseUrl: serverUrl,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'needed for POST when the server is not bound to loopback' } },
  });
  doc.paths = {
    ...doc.paths,
    '/openapi.json': {
      get: { summary: 'this OpenAPI document', operationId: 'openapi', responses: { '200': { description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
  };
  return doc;
}
