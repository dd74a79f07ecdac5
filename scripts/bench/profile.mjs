/**
 * Summarises a V8 CPU profile (.cpuprofile) of the app server: where the time went, by package or
 * file, inclusive (time with that code anywhere on the stack) and self. Used by `npm run bench`
 * with BENCH_PROFILE=1; also runnable alone: `node scripts/bench/profile.mjs <file.cpuprofile>`.
 */
import { readFileSync } from "node:fs";

function bucket(url, functionName) {
  if (!url) return `(${functionName || "native"})`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("wasm://")) return "wasm (PGlite)";
  if (url.startsWith("node:internal/crypto") || url.startsWith("node:crypto")) return "node:crypto";
  if (url.startsWith("node:")) return url.replace(/^node:(internal\/)?/, "node:").split("/").slice(0, 2).join("/");
  const app = url.match(/chunks\/(?:ssr\/)?(.*)$/);
  return app ? `app chunk ${app[1]}` : url;
}

export function summarize(file, top = 25) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeOf = new Map();
  prof.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));

  let total = 0;
  let idle = 0;
  const self = new Map();
  const inclusive = new Map();
  for (const [id, t] of timeOf) {
    const n = nodes.get(id);
    total += t;
    if (n.callFrame.functionName === "(idle)") {
      idle += t;
      continue;
    }
    const k = bucket(n.callFrame.url, n.callFrame.functionName);
    self.set(k, (self.get(k) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur; cur = parent.get(cur)) {
      const c = nodes.get(cur).callFrame;
      if (!c.url) continue;
      const b = bucket(c.url, c.functionName);
      if (!seen.has(b)) {
        seen.add(b);
        inclusive.set(b, (inclusive.get(b) ?? 0) + t);
      }
    }
  }
  const busy = total - idle;
  const fmt = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `   ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  return [
    `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)`,
    " inclusive (code on the stack):",
    fmt(inclusive),
    " self:",
    fmt(self),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === new URL(process.argv[1], "file://").href) {
  console.log(summarize(process.argv[2], Number(process.argv[3] ?? 25)));
}
