import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isTransient } from "../../src/client/transient";

const answered = (httpStatus: number, code: string) =>
  new TRPCClientError("refused", { result: { error: { code: -32600, message: "refused", data: { code, httpStatus } } } as never });

describe("a send worth retrying", () => {
  it("is one nothing answered, or a proxy answered for", () => {
    expect(isTransient(new TRPCClientError("fetch failed", { cause: new TypeError("fetch failed") }))).toBe(true);
    expect(isTransient(answered(502, "INTERNAL_SERVER_ERROR"))).toBe(true);
    expect(isTransient(answered(503, "INTERNAL_SERVER_ERROR"))).toBe(true);
  });

  it("is not one the server refused, nor an error of the page's own", () => {
    expect(isTransient(answered(400, "BAD_REQUEST"))).toBe(false);
    expect(isTransient(answered(404, "NOT_FOUND"))).toBe(false);
    expect(isTransient(answered(429, "TOO_MANY_REQUESTS"))).toBe(false);
    expect(isTransient(new TypeError("x is undefined"))).toBe(false);
  });
});
