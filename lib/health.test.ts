import { describe, expect, it, vi } from "vitest";

// The database fails with a driver message that names a host, a user and a path.
vi.mock("@/db/client", () => ({
  getDb: async () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (user "trellis_owner", /var/lib/pglite)');
  },
  dbDriver: async () => "pg",
}));

describe("health", () => {
  it("says the database is unreachable without passing on the driver's message", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { databaseHealth } = await import("./health");
    const health = await databaseHealth();
    expect(health).toEqual({ ok: false, error: "database unreachable" });
    expect(JSON.stringify(health)).not.toMatch(/10\.0\.0\.5|trellis_owner|pglite/);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
