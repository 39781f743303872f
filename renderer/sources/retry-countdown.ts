/**
 * A failed remote source's message counts down to its next try: the server says "Retrying in 8
 * s." as of the moment the connection failed, and sends the time it tries again
 * (`StatusPayload.retryAt`), so the console shows the seconds left rather than a figure that
 * never changes.
 */

/** The clause the server ends a failed source's message with (src/node/remote/remote-bridge.ts). */
const RETRY_CLAUSE = / (Retrying|Reconnecting) in [\d.]+ m?s\.$/;

/**
 * The message as of `now`: its retry clause says how long is left, in whole seconds ("Retrying in
 * 7 s."), or that the try is under way once the time has come. A message without the clause, or
 * without `retryAt`, is shown as it is.
 */
export function retryMessage(message: string, retryAt: number | undefined, now: number): string {
  const clause = RETRY_CLAUSE.exec(message);
  if (retryAt === undefined || clause === null) return message;
  const verb = clause[1] as string;
  const left = Math.ceil((retryAt - now) / 1000);
  const rest = message.slice(0, clause.index);
  return left > 0 ? `${rest} ${verb} in ${left} s.` : `${rest} ${verb} now…`;
}
