/** A failure the user can act on: printed as one clear line, exit code 1. */
export class ClientError extends Error {
  constructor(message, { code, status, hint } = {}) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.status = status;
    this.hint = hint;
  }
}
