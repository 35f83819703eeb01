import { describe, expect, it } from "vitest";
import { signedHeaders, slackSignature } from "../../src/server/slack/signing";

describe("Slack request signatures", () => {
  it("matches the worked example in Slack's documentation", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(slackSignature("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("binds the signature to the moment and the body it was made for", () => {
    const at = new Date("2026-12-06T12:00:00Z");
    const headers = signedHeaders("secret", "payload=1", at);
    expect(headers["x-slack-request-timestamp"]).toBe(String(at.getTime() / 1000));
    expect(headers["x-slack-signature"]).toBe(slackSignature("secret", at.getTime() / 1000, "payload=1"));
    expect(signedHeaders("secret", "payload=2", at)["x-slack-signature"]).not.toBe(headers["x-slack-signature"]);
    expect(signedHeaders("secret", "payload=1", new Date(at.getTime() + 1000))["x-slack-signature"]).not.toBe(headers["x-slack-signature"]);
  });
});
