/** Replaces token-bearing query parameters with `***` (logs and errors never carry secrets). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token|random)=)[^&#]*/gi, '$1***');
}

/** Redacts token-like JSON fields in a body before it goes into an error or a debug line. */
export function redactBody(body: string): string {
  return body.replace(
    /("(?:access_token|refresh_token|token|password|username|secret)"\s*:\s*")[^"]*"/gi,
    '$1***"',
  );
}
