import { describe, expect, it } from "vitest";
import { csvField } from "../../src/server/transport/audit-csv";

describe("the audit log's CSV", () => {
  it("quotes every field and defuses what a spreadsheet would run as a formula", () => {
    expect(csvField('Ana "the admin"')).toBe('"Ana ""the admin"""');
    expect(csvField("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("-1+2")).toBe('"\'-1+2"');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
  });
});
