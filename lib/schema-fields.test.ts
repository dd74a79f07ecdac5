import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkbox, wholeNumber } from "./schema-fields";

describe("wholeNumber", () => {
  const quantity = wholeNumber(z.number({ message: "Enter a quantity" }).int("Whole units only").min(0).max(1000));

  it("reads a number, or its decimal digits as a form sends them", () => {
    for (const [input, output] of [[0, 0], [12, 12], ["12", 12], [" 7 ", 7], ["0012", 12], ["1000", 1000]] as const) {
      expect(quantity.parse(input), String(input)).toBe(output);
    }
  });

  it("refuses what z.coerce.number would read as a number", () => {
    for (const input of [true, false, [], [5], {}, null, "", "  ", "0x10", "1e3", "Infinity", "NaN", "1,000", "+5", Infinity, NaN]) {
      expect(quantity.safeParse(input).success, JSON.stringify(input) ?? String(input)).toBe(false);
    }
  });

  it("keeps the schema's own messages", () => {
    expect(quantity.safeParse("abc").error?.issues[0]?.message).toBe("Enter a quantity");
    expect(quantity.safeParse("1.5").error?.issues[0]?.message).toBe("Whole units only");
    expect(quantity.safeParse(true).error?.issues[0]?.message).toBe("Enter a quantity");
  });
});

describe("checkbox", () => {
  const active = checkbox("Say yes or no");

  it("reads a boolean, or a checkbox as a form sends it (absent or blank: unchecked)", () => {
    for (const [input, output] of [[true, true], [false, false], ["on", true], ["true", true], ["false", false], ["", false], [undefined, false], [null, false]] as const) {
      expect(active.parse(input), String(input)).toBe(output);
    }
  });

  it("refuses anything else instead of reading it as unchecked", () => {
    for (const input of [0, 1, "yes", "off", [], {}, [true]]) {
      expect(active.safeParse(input).error?.issues[0]?.message, JSON.stringify(input)).toBe("Say yes or no");
    }
  });
});
