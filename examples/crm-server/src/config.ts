import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** One configured user: `username:passwordHash:extension[:display name]`, see `.env.example`. */
const userSchema = z.object({
  username: z.string().regex(/^[a-z0-9._-]{1,64}$/i, 'usernames are letters, digits, . _ -'),
  passwordHash: z
    .string()
    .startsWith('scrypt$', 'password hashes look like scrypt$<salt>$<hash> (pnpm hash-password)'),
  extension: z.string().regex(/^\d{1,6}$/, 'an extension is 1 to 6 digits'),
  name: z.string().optional(),
});
export type ConfiguredUser = z.infer<typeof userSchema>;

const users = z.string().transform((value, ctx) => {
  const out: ConfiguredUser[] = [];
  for (const item of value
    .split(/[,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [username, passwordHash, extension, ...name] = item.split(':');
    const parsed = userSchema.safeParse({
      username,
      passwordHash,
      extension,
      name: name.join(':') || undefined,
    });
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message: `CRM_USERS entry "${username}": ${z.prettifyError(parsed.error)}`,
      });
      return z.NEVER;
    }
    out.push(parsed.data);
  }
  return out;
});

const tokens = z.string().transform((value, ctx) => {
  const out: Array<{ username: string; token: string }> = [];
  for (const item of value
    .split(/[,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = item.indexOf(':');
    const username = item.slice(0, at);
    const token = item.slice(at + 1);
    if (at < 1 || token.length < 24) {
      ctx.addIssue({
        code: 'custom',
        message: 'API_TOKENS entries are username:token, tokens 24+ characters',
      });
      return z.NEVER;
    }
    out.push({ username, token });
  }
  return out;
});

/**
 * Every environment variable the server reads, validated once at start-up. `.env.example` documents
 * each one; `loadConfig` turns a bad value into one readable message naming the variable.
 */
export const configSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO: bool.default(false),
    DEMO_TRAFFIC: bool.default(true),
    DEMO_SPEED: z.coerce.number().positive().max(100).default(1),
    DATABASE_URL: z.string().optional(),
    DATA_DIR: z.string().default('.data'),
    CLUSTER: bool.default(false),
    CLUSTER_RETRY_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    COOKIE_SECURE: bool.default(false),
    CRM_USERS: users.default([]),
    API_TOKENS: tokens.default([]),
    DEFAULT_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('GR'),
    TIME_ZONE: z.string().default('Europe/Athens'),
    OWN_NUMBERS: csv.default([]),
    LOOKUP_DEADLINE_MS: z.coerce.number().int().min(20).max(2000).default(250),
    CLICK_TO_CALL: z.enum(['ami', 'yeastar', 'off']).default('ami'),
    AMI_HOST: z.string().optional(),
    AMI_PORT: z.coerce.number().int().default(5038),
    AMI_USERNAME: z.string().default('crm'),
    AMI_SECRET: z.string().default(''),
    AMI_SOURCE: z.string().default('asterisk'),
    AMI_CONTEXT: z.string().default('from-internal'),
    YEASTAR_URL: z.url().optional(),
    YEASTAR_CLIENT_ID: z.string().default(''),
    YEASTAR_CLIENT_SECRET: z.string().default(''),
    YEASTAR_WEBHOOK_SECRET: z.string().optional(),
    YEASTAR_PBX: z.string().default('yeastar'),
    YEASTAR_TIME_ZONE: z.string().default('UTC'),
    YEASTAR_WEBSOCKET: bool.default(true),
    YEASTAR_SETTLE_MS: z.coerce.number().int().min(0).default(3000),
    WA_ACCESS_TOKEN: z.string().optional(),
    WA_PHONE_NUMBER_ID: z.string().optional(),
    WA_GRAPH_URL: z.url().optional(),
    META_APP_SECRET: z.string().optional(),
    META_VERIFY_TOKEN: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.DEMO && !c.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required outside demo mode' });
    }
    if (!c.DEMO && c.CRM_USERS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['CRM_USERS'],
        message: 'configure at least one user outside demo mode',
      });
    }
    if (c.CLUSTER && !c.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLUSTER'],
        message: 'cluster mode needs DATABASE_URL (PostgreSQL)',
      });
    }
    for (const { username } of c.API_TOKENS) {
      if (!c.DEMO && !c.CRM_USERS.some((u) => u.username === username)) {
        ctx.addIssue({ code: 'custom', path: ['API_TOKENS'], message: `token for unknown user ${username}` });
      }
    }
  });

/** The validated configuration. */
export type Config = z.output<typeof configSchema>;
/** Raw variables (as in `process.env`). */
export type ConfigInput = Partial<Record<keyof z.input<typeof configSchema>, string>>;

/** Error thrown for invalid environment variables. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses environment variables (empty strings count as unset). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
