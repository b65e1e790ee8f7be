/**
 * Yeastar P-Series Open API and S-Series API: OAuth tokens, REST, call control, CDR, WebSocket and webhook events decoded into call records.
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
