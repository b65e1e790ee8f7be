import type { Dispatcher } from 'undici';
import { z } from 'zod';

const numberFormat = z.enum([
  'e164',
  'digits',
  'idd',
  'national',
  'nationalFormatted',
  'internationalFormatted',
  'lastDigits',
]);

/** A number form an HTTP JSON provider can send (see `CandidateForm`). */
export type HttpNumberFormat = z.infer<typeof numberFormat>;

const path = z.string().min(1);

/** zod schema of {@link HttpJsonProviderOptions} (without `dispatcher`). */
export const httpJsonProviderOptionsSchema = z.object({
  /** Provider id. */
  id: z.string().min(1),
  /** URL template: `https://crm.example/api/contacts?phone={{number}}`; placeholders are percent-encoded. */
  url: z.string().min(1),
  /** HTTP method. @defaultValue 'GET' */
  method: z.enum(['GET', 'POST']).default('GET'),
  /** Query parameters (templates), added with URL encoding. @defaultValue `{}` */
  query: z.record(z.string(), z.string()).default({}),
  /** Request headers (templates); values with CR/LF/NUL are refused. @defaultValue `{}` */
  headers: z.record(z.string(), z.string()).default({}),
  /** Body template (POST): JSON value whose strings are templates, sent as JSON or as a form. */
  body: z.unknown().optional(),
  /** How the body is encoded. @defaultValue 'json' */
  bodyType: z.enum(['json', 'form']).default('json'),
  /** Static values for templates as `{{params.name}}` (tenant ids, account names). @defaultValue `{}` */
  params: z.record(z.string(), z.string()).default({}),
  /** Authentication. @defaultValue `{ type: 'none' }` */
  auth: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
      z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
      z.object({
        type: z.literal('apiKey'),
        in: z.enum(['header', 'query']).default('header'),
        name: z.string().min(1),
        value: z.string().min(1),
      }),
      z.object({
        type: z.literal('oauth2'),
        tokenUrl: z.url(),
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        scope: z.string().optional(),
        audience: z.string().optional(),
        clientAuth: z.enum(['basic', 'body']).default('basic'),
      }),
    ])
    .default({ type: 'none' }),
  /** Number forms to try in turn until one finds someone (RingCentral's alternative formats). @defaultValue `['e164']` */
  formats: z.array(numberFormat).min(1).default(['e164']),
  /** How to read the response (JSON paths). */
  response: z
    .object({
      /** Path to the contact list (or single contact). @defaultValue '$' */
      list: path.default('$'),
      /** Path to the name; several paths are joined with a space (first + last). */
      name: z.union([path, z.array(path).min(1)]).optional(),
      company: path.optional(),
      email: path.optional(),
      contactId: path.optional(),
      url: path.optional(),
      tags: path.optional(),
      spamScore: path.optional(),
      /** Extra fields by name. */
      fields: z.record(z.string(), path).optional(),
    })
    .prefault({}),
  /** When a response counts as an answer (3CX `Rules`). */
  success: z
    .object({
      /** Statuses that are answers. @defaultValue 200–299 */
      status: z.array(z.number().int()).optional(),
      /** Statuses that mean "nobody". @defaultValue `[404]` */
      missStatus: z.array(z.number().int()).default([404]),
      /** A path that must hold `equals` (or be truthy) for the response to carry contacts. */
      path: path.optional(),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    })
    .prefault({}),
  /** Largest response body read. @defaultValue 1048576 */
  maxResponseBytes: z.number().int().positive().default(1_048_576),
  /** This provider's timeout (all formats together). */
  timeoutMs: z.number().int().positive().optional(),
  /** Kinds of number it takes. @defaultValue `['e164']` */
  kinds: z.array(z.enum(['e164', 'extension', 'shortcode'])).optional(),
  /** Bump to invalidate cached answers after a configuration change. */
  version: z.union([z.string(), z.number()]).optional(),
});

/** Options of `createHttpJsonProvider`. */
export type HttpJsonProviderOptions = z.input<typeof httpJsonProviderOptionsSchema> & {
  /** undici dispatcher (connection pool, proxy, `MockAgent`). @defaultValue the global dispatcher */
  dispatcher?: Dispatcher;
};

/** {@link HttpJsonProviderOptions} after validation. */
export type ResolvedHttpJsonProviderOptions = z.output<typeof httpJsonProviderOptionsSchema>;
