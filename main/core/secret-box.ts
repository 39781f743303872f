/**
 * Remembered stream credentials, sealed by the OS keychain. Pure: the glue adapts Electron's
 * `safeStorage` to {@link SecretBox}; the tests use a reversible stand-in.
 */

/** Encrypts and decrypts small secrets with a key the OS keeps for this user. */
export interface SecretBox {
  /**
   * True when secrets can really be protected. False where the OS offers no keychain, and on Linux
   * where Electron would fall back to a hard-coded key (`basic_text`): "remember" is refused then,
   * rather than storing secrets in what only looks like encryption.
   */
  isAvailable(): boolean;
  /** Encrypts `plain`; the result is text (base64), safe to store in JSON. */
  seal(plain: string): string;
  /** Decrypts what {@link seal} produced; throws when it cannot (another user, a reset keychain). */
  open(sealed: string): string;
}

/** What a sealed blob holds: everything needed to reconnect, secrets included. */
export interface RemoteCredentials {
  url: string;
  headers?: Record<string, string>;
}

/** Seals a stream's URL and headers into one blob. */
export function sealCredentials(box: SecretBox, credentials: RemoteCredentials): string {
  return box.seal(JSON.stringify({ url: credentials.url, headers: credentials.headers ?? {} }));
}

/** Opens a blob of {@link sealCredentials}; throws with a message a person can act on when it cannot. */
export function openCredentials(box: SecretBox, sealed: string): RemoteCredentials {
  let data: unknown;
  try {
    data = JSON.parse(box.open(sealed));
  } catch {
    throw new Error(
      'The saved headers of this stream could not be decrypted (the system keychain changed or is locked). ' +
        'Connect again with File > Connect to Stream URL… and choose to remember them.',
    );
  }
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const headers = record.headers;
  const validHeaders =
    typeof headers === 'object' && headers !== null && Object.values(headers).every((v) => typeof v === 'string')
      ? (headers as Record<string, string>)
      : undefined;
  if (typeof record.url !== 'string' || validHeaders === undefined) {
    throw new Error('The saved headers of this stream are damaged. Connect again with File > Connect to Stream URL….');
  }
  return Object.keys(validHeaders).length > 0 ? { url: record.url, headers: validHeaders } : { url: record.url };
}
