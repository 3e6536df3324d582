import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from './auth/session.ts';

/**
 * The OpenAPI document of the API (GET /api/openapi.json, /api/docs): built from the routes'
 * zod schemas, the shared ones (core/api, `.meta({ id })`) as components.
 */

/** The component schemas the paths use, directly or through other components. */
function withUsedComponents<
  D extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } },
>(doc: D): D {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
          const id = x.slice('#/components/schemas/'.length);
          if (!used.has(id)) {
            used.add(id);
            visit(schemas[id]);
          }
        } else visit(x);
      }
  };
  visit(doc.paths);
  return {
    ...doc,
    components: {
      ...doc.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id))),
    },
  };
}

/**
 * Who may call an operation: `security` of each route. The session is the cookie login sets;
 * every write but the login itself also carries the session's CSRF token in x-csrf-token.
 */
export const SECURITY = {
  /** reachable without a session: the login, the health check */
  public: [],
  /** a session */
  session: [{ session: [] }],
  /** a session, and its CSRF token */
  write: [{ session: [], csrf: [] }],
} as const;

export function openApiOptions(version: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: {
        title: '化解 Huajie API',
        version,
        description:
          'The API of Huajie: incidents and their record, duty clocks, plans and drills, administration. ' +
          'A refused request is answered with its status and the one error shape (`Error`); it writes nothing.',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      servers: [{ url: '/', description: 'this server' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'The session, set by POST /api/auth/login (HttpOnly, SameSite=Strict).',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description:
              "The session's CSRF token (answered by the login and GET /api/me): every write carries it.",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    // every schema registered with an id becomes a component, in both its input and its output
    // form; the document keeps those its operations use
    transformObject: (doc) => withUsedComponents(jsonSchemaTransformObject(doc)),
  };
}

/** The document as GET /api/openapi.json answers it (as built: it is not checked again). */
export const OpenApiDocument = z.custom<Extract<ReturnType<FastifyInstance['swagger']>, object>>(
  (v) => typeof v === 'object' && v !== null,
);
