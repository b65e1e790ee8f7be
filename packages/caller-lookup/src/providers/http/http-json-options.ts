import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { CandidateForm } from '../../phone/types.js';

/** A number form an HTTP JSON provider can send (a `CandidateForm` with a single key). */
export type HttpNumberFormat = Exclude<CandidateForm, 'variant' | 'extension'>;

/** Every {@link HttpNumberFormat}: the template names a provider fills from the number. */
export const HTTP_NUMBER_FORMATS = [
  ...(['e164', 'digits', 'idd', 'national'] as const),
  ...(['nationalFormatted', 'internationalFormatted', 'lastDigits'] as const),
] satisfies readonly HttpNumberFormat[];
const httpNumberFormatSchema = z.enum(HTTP_NUMBER_FORMATS);

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
      z.object({
        /** No credentials. */
        type: z.literal('none'),
      }),
      z.object({
        /** HTTP Basic (RFC 7617). */
        type: z.literal('basic'),
        /** User name. */
        username: z.string(),
        /** Password. */
        password: z.string(),
      }),
      z.object({
        /** A static bearer token (RFC 6750). */
        type: z.literal('bearer'),
        /** The token. */
        token: z.string().min(1),
      }),
      z.object({
        /** An API key in a header or the query string. */
        type: z.literal('apiKey'),
        /** Where the key goes. @defaultValue 'header' */
        in: z.enum(['header', 'query']).default('header'),
        /** Header or query parameter name. */
        name: z.string().min(1),
        /** The key (redacted from error URLs). */
        value: z.string().min(1),
      }),
      z.object({
        /** OAuth2 client credentials (RFC 6749 §4.4), token cached and refreshed ahead of expiry. */
        type: z.literal('oauth2'),
        /** Token endpoint. */
        tokenUrl: z.url(),
        /** Client id. */
        clientId: z.string().min(1),
        /** Client secret. */
        clientSecret: z.string().min(1),
        /** Requested scope. */
        scope: z.string().optional(),
        /** Requested audience (Auth0-style APIs). */
        audience: z.string().optional(),
        /** Send the client credentials as HTTP Basic or in the form body. @defaultValue 'basic' */
        clientAuth: z.enum(['basic', 'body']).default('basic'),
      }),
    ])
    .default({ type: 'none' }),
  /** Number forms to try in turn until one finds someone (RingCentral's alternative formats). @defaultValue `['e164']` */
  formats: z.array(httpNumberFormatSchema).min(1).default(['e164']),
  /** How to read the response (JSON paths). */
  response: z
    .object({
      /** Path to the contact list (or single contact). @defaultValue '$' */
      list: path.default('$'),
      /** Path to the name; several paths are joined with a space (first + last). */
      name: z.union([path, z.array(path).min(1)]).optional(),
      /** Path to the company name. */
      company: path.optional(),
      /** Path to the e-mail address. */
      email: path.optional(),
      /** Path to the contact id. */
      contactId: path.optional(),
      /** Path to the contact's URL. */
      url: path.optional(),
      /** Path to an array of tags. */
      tags: path.optional(),
      /** Path to a 0–100 spam score. */
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
      /** The value `path` must hold; without it, any truthy value passes. */
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
