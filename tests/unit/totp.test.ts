import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, newRecoveryCodes, normalizeRecoveryCode, otpauthUri, totp, verifyTotp } from "../../src/server/auth/totp";
import { describeUserAgent } from "../../src/shared/account-security";

// RFC 6238, appendix B: the seeds are ASCII digits, as long as each hash's block wants; codes have 8 digits.
const seeds = {
  sha1: Buffer.from("12345678901234567890"),
  sha256: Buffer.from("12345678901234567890123456789012"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
};
const vectors: Array<[number, string, string, string]> = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(vectors)("at %i s gives the RFC's codes for SHA-1, SHA-256 and SHA-512", (seconds, sha1, sha256, sha512) => {
    expect(totp(seeds.sha1, seconds * 1000, { digits: 8, algorithm: "sha1" })).toBe(sha1);
    expect(totp(seeds.sha256, seconds * 1000, { digits: 8, algorithm: "sha256" })).toBe(sha256);
    expect(totp(seeds.sha512, seconds * 1000, { digits: 8, algorithm: "sha512" })).toBe(sha512);
  });

  it("is RFC 4226's HOTP underneath (appendix D)", () => {
    const codes = Array.from({ length: 10 }, (_, counter) => hotp(seeds.sha1, counter));
    expect(codes).toEqual(["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]);
  });

  it("round-trips secrets through base32 as authenticator apps write them", () => {
    expect(base32Encode(seeds.sha1)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).toEqual(seeds.sha1);
  });

  it("accepts the current code and one step of drift, never a code at or before the last one used", () => {
    const secret = base32Encode(seeds.sha1);
    const at = 1_700_000_000_000;
    const step = Math.floor(at / 30_000);
    const code = (offsetSteps: number) => hotp(seeds.sha1, step + offsetSteps);
    expect(verifyTotp(secret, code(0), at)).toBe(step);
    expect(verifyTotp(secret, code(-1), at)).toBe(step - 1);
    expect(verifyTotp(secret, code(1), at)).toBe(step + 1);
    expect(verifyTotp(secret, code(2), at)).toBeNull();
    expect(verifyTotp(secret, code(-2), at)).toBeNull();
    expect(verifyTotp(secret, code(0), at, step)).toBeNull();
    expect(verifyTotp(secret, code(1), at, step)).toBe(step + 1);
    expect(verifyTotp(secret, `${code(0).slice(0, 3)} ${code(0).slice(3)}`, at)).toBe(step);
    expect(verifyTotp(secret, "12345", at)).toBeNull();
  });

  it("writes the otpauth URI apps scan", () => {
    expect(otpauthUri("JBSWY3DPEHPK3PXP", "ana@example.test", "Confab")).toBe(
      "otpauth://totp/Confab:ana%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=Confab&algorithm=SHA1&digits=6&period=30",
    );
  });

  it("makes ten distinct recovery codes, read back however they are typed", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(normalizeRecoveryCode(` ${codes[0]!.toUpperCase().replace("-", "")} `)).toBe(codes[0]);
  });
});

describe("devices in the session list", () => {
  it("names common browsers and systems", () => {
    expect(describeUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe("Chrome on macOS");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox on Windows");
    expect(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")).toBe("Edge on Linux");
    expect(describeUserAgent("")).toBe("Unknown device");
  });
});
