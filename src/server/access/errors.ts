/**
 * Errors that actions and access checks throw. They carry a message written for the person using the app; the API
 * layer maps each code to its tRPC equivalent, so actions never import tRPC.
 */
export type DomainErrorCode = "NOT_FOUND" | "FORBIDDEN" | "BAD_REQUEST" | "CONFLICT" | "UNAUTHORIZED" | "TOO_MANY_REQUESTS" | "PAYLOAD_TOO_LARGE";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about, for a form to show it beside that field. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const badRequest = (message: string) => new DomainError("BAD_REQUEST", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
