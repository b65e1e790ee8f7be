/** A Graph API version string such as `v25.0`. */
export type GraphApiVersion = `v${number}.0`;

/** The version this package uses unless told otherwise (Meta's current send examples use v25.0). */
export const DEFAULT_GRAPH_API_VERSION: GraphApiVersion = 'v25.0';

/** Release and end-of-availability dates of one Graph API version. */
export interface GraphApiVersionInfo {
  /** The version. */
  version: GraphApiVersion;
  /** Release date (ISO). */
  releasedAt: string;
  /** Last day it can be called (ISO); undefined while Meta has not announced it. */
  availableUntil: string | undefined;
}

/**
 * Graph API versions with their release and end-of-availability dates
 * (https://developers.facebook.com/docs/graph-api/changelog/versions/). From v24.0 status webhooks
 * omit `conversation`.
 */
export const GRAPH_API_VERSIONS: readonly GraphApiVersionInfo[] = [
  { version: 'v20.0', releasedAt: '2024-05-21', availableUntil: '2026-09-24' },
  { version: 'v21.0', releasedAt: '2024-10-02', availableUntil: '2027-01-21' },
  { version: 'v22.0', releasedAt: '2025-01-21', availableUntil: '2027-05-20' },
  { version: 'v23.0', releasedAt: '2025-05-29', availableUntil: '2027-10-08' },
  { version: 'v24.0', releasedAt: '2025-10-08', availableUntil: '2028-02-18' },
  { version: 'v25.0', releasedAt: '2026-02-18', availableUntil: '2028-07-29' },
  { version: 'v26.0', releasedAt: '2026-07-29', availableUntil: undefined },
];

/**
 * Whether a version is expired or expires within `warnDays` of `now`; `undefined` when the version
 * is not in {@link GRAPH_API_VERSIONS} (older than v20.0 or newer than this package knows).
 */
export function graphApiVersionStatus(
  version: string,
  now: Date = new Date(),
  warnDays = 90,
): 'ok' | 'expiring' | 'expired' | undefined {
  const known = GRAPH_API_VERSIONS.find((v) => v.version === version);
  if (!known) {
    const major = Number(version.slice(1, version.indexOf('.')));
    return major < 20 ? 'expired' : undefined;
  }
  if (!known.availableUntil) return 'ok';
  const left = Date.parse(`${known.availableUntil}T00:00:00Z`) - now.getTime();
  if (left <= 0) return 'expired';
  return left < warnDays * 86_400_000 ? 'expiring' : 'ok';
}
