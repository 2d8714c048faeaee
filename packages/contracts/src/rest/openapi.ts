// OpenAPI 3.1 document for /api/v1, generated from the route table.
import { z } from 'zod';
import { ZRestError } from './auth.ts';
import { restRoutes, type RestRoute } from './routes.ts';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});

export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(restRoutes) as [string, RestRoute][]) {
    const path = route.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const params = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.query
      ? (z.toJSONSchema(route.query, { io: 'input' }) as { properties?: Record<string, unknown> })
      : undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {}))
      params.push({ name, in: 'query', required: false, schema: schema as { type: string } });
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId,
      summary: route.summary,
      security: route.access === 'public' ? [] : [{ session: [] }],
      'x-tessera-access': route.access,
      parameters: params,
      ...(route.body ? { requestBody: { required: true, content: json(route.body) } } : {}),
      responses: {
        ...(route.produces
          ? { 200: { description: 'OK', content: { [route.produces]: { schema: { type: 'string' } } } } }
          : route.response
            ? { 200: { description: 'OK', content: json(route.response) } }
            : { 204: { description: 'No Content' } }),
        default: { description: 'Error', content: json(ZRestError) },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tessera REST API', version },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tessera_session' } } },
    paths,
  };
}
