import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvSafe } from "@/lib/csv-safe";
import { csvStream } from "./csv";

describe("csvSafe", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd", "'-2+3+cmd"],
    ["+44 161 496 0002", "+44 161 496 0002"],
    ["-12.5", "-12.5"],
    ["Manchester Branch", "Manchester Branch"],
    [null, ""],
    [42, "42"],
  ])("%j → %j", (input, expected) => {
    expect(csvSafe(input)).toBe(expected);
  });

  it("writes dates as ISO instants and objects as JSON", () => {
    expect(csvSafe(new Date("2026-11-01T10:00:00Z"))).toBe("2026-11-01T10:00:00.000Z");
    expect(csvSafe({ a: 1 })).toBe('{"a":1}');
  });
});

describe("csvStream", () => {
  it("streams every batch under one header, quoting as needed", async () => {
    async function* batches() {
      yield [{ name: "Uma Kent", note: 'said "hi", then left' }];
      yield [{ name: "=1+1", note: "line\nbreak" }];
    }
    const body = csvStream([{ header: "Name", value: (r: { name: string }) => r.name }, { header: "Note", value: (r: { note: string }) => r.note }], batches());
    const bytes = new Uint8Array(await new Response(body).arrayBuffer());
    // A UTF-8 byte-order mark, so spreadsheets read "£" and "ß" right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(parse(text, { columns: true })).toEqual([
      { Name: "Uma Kent", Note: 'said "hi", then left' },
      { Name: "'=1+1", Note: "line\nbreak" },
    ]);
  });
});
