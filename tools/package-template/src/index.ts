/**
 * {{description}}
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
