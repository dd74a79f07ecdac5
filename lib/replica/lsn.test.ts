import { describe, expect, it } from "vitest";
import { formatLsn, parseLsn, PENDING_WRITE, readTarget } from "./lsn";

describe("WAL positions", () => {
  it("reads PostgreSQL's notation and writes it back", () => {
    expect(parseLsn("0/16B3748")).toBe(0x16b3748n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("16/B374D848")! > parseLsn("16/B374D847")!).toBe(true);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
  });

  it("refuses what is not a position (a cookie someone edited)", () => {
    for (const bad of ["", "16", "16/", "/1", "G/1", "1/2/3", "123456789/1", "1/0; drop", null, undefined]) expect(parseLsn(bad)).toBeNull();
  });
});

describe("where a lag-tolerant read goes", () => {
  const healthy = { reachable: true, lagBytes: 0, lagSeconds: 0 };
  it("goes to the replica when it is reachable and close enough", () => {
    expect(readTarget(healthy, 30, null, 100n)).toBe("replica");
    expect(readTarget({ reachable: true, lagBytes: 4096, lagSeconds: 2 }, 30, null, 100n)).toBe("replica");
  });
  it("goes to the primary when the replica is down or too far behind", () => {
    expect(readTarget({ reachable: false, lagBytes: null, lagSeconds: null }, 30, null, null)).toBe("primary");
    expect(readTarget({ reachable: true, lagBytes: 1 << 20, lagSeconds: 31 }, 30, null, 100n)).toBe("primary");
  });
  it("reads the author's own change from the primary until the replica has replayed it", () => {
    expect(readTarget(healthy, 30, 200n, 100n)).toBe("primary");
    expect(readTarget(healthy, 30, 200n, null)).toBe("primary");
    expect(readTarget(healthy, 30, 200n, 200n)).toBe("replica");
    expect(readTarget(healthy, 30, 200n, 300n)).toBe("replica");
  });
  it("reads a streamed change's author from the primary: its pending position is one no replica reaches", () => {
    expect(readTarget(healthy, 30, parseLsn(PENDING_WRITE), parseLsn("FFFFFFFF/FFFFFFFE"))).toBe("primary");
  });
});
