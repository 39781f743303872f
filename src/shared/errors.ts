import type { ErrorCode } from './contract.js';

/**
 * The one error type of Tailstream: a stable `code` for programs and a `message` a person can act
 * on. The HTTP layer turns it into `{"error": {"code", "message"}}` with `status`.
 */
export class TailstreamError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** HTTP status the API answers with when this error reaches it. */
  readonly status: number;

  constructor(code: ErrorCode, message: string, status = 400) {
    super(message);
    this.name = 'TailstreamError';
    this.code = code;
    this.status = status;
  }
}
