"use client";

import { AlertTriangle, CheckCircle2, FileUp, Upload } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { ScrollX } from "@/components/ui/scroll-x";
import type { ImportProgress, ImportReport } from "@/lib/user-import/apply";

const MAX_BYTES = 5 * 1024 * 1024;
const PHASES: Record<ImportProgress["phase"], string> = { validating: "Checking rows", writing: "Importing users", sending: "Sending mail" };

type Stage = "idle" | "checking" | "checked" | "importing" | "imported";

/** Posts the file, reads the NDJSON progress stream, resolves with the final report. */
async function run(file: File, mode: "preview" | "apply", onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
  const response = await fetch(`/users/import/run?mode=${mode}`, { method: "POST", body: file, headers: { "content-type": "text/csv" } });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? (response.status === 401 ? "Your session has ended. Please sign in again." : `The server answered ${response.status}.`));
  }
  // A session that ended is sent to the login page, which is HTML.
  if (!(response.headers.get("content-type") ?? "").includes("ndjson")) throw new Error("Your session has ended. Please sign in again.");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      const event = JSON.parse(line) as { type: "progress"; progress: ImportProgress } | { type: "report"; report: ImportReport } | { type: "error"; error: string };
      if (event.type === "progress") onProgress(event.progress);
      else if (event.type === "report") return event.report;
      else throw new Error(event.error);
    }
    if (done) break;
  }
  throw new Error("The connection closed before the import answered. Nothing may have been imported; check the users list.");
}

/**
 * Two steps: "Check file" validates every row (nothing is written) and lists problems by line;
 * "Import" sends the same file again, the server checks it again and imports all of it or nothing.
 */
export function ImportForm() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>("idle");
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = stage === "checking" || stage === "importing";

  function choose(next: File | null) {
    setReport(null);
    setProgress(null);
    setStage("idle");
    setError(next && next.size > MAX_BYTES ? `“${next.name}” is larger than 5 MB. Split it into files of at most 5 MB and 20,000 rows.` : null);
    setFile(next);
  }

  async function go(mode: "preview" | "apply") {
    if (!file || file.size > MAX_BYTES) return;
    setError(null);
    setProgress(null);
    setStage(mode === "preview" ? "checking" : "importing");
    try {
      const result = await run(file, mode, setProgress);
      setReport(result);
      if (mode === "apply" && result.ok && result.applied) {
        setStage("imported");
        toast.success(`Imported ${result.applied.users.toLocaleString("en-GB")} user${result.applied.users === 1 ? "" : "s"}`, {
          description: `${result.applied.assignments.toLocaleString("en-GB")} role assignments; invitations ${result.mail?.mode === "smtp" ? "sent" : "are in the Outbox"}.`,
        });
      } else {
        setStage("checked");
        if (!result.ok) toast.error(mode === "apply" ? "Nothing was imported" : "The file has problems", { description: `${result.errors.length + result.moreErrors} to fix; nothing was written.` });
        else toast.success("The file is ready to import", { description: `${result.people.toLocaleString("en-GB")} users, ${result.assignments.toLocaleString("en-GB")} role assignments.` });
      }
    } catch (e) {
      setStage(report ? "checked" : "idle");
      const message = e instanceof Error ? e.message : "Something went wrong; nothing was imported.";
      setError(message);
      toast.error(mode === "apply" ? "Nothing was imported" : "The file could not be checked", { description: message });
    }
  }

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const problemCount = report ? report.errors.length + report.moreErrors : 0;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="csv-file" className="block text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input
            ref={inputRef}
            id="csv-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            aria-describedby="csv-file-hint"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white text-sm text-slate-700 shadow-sm file:mr-3 file:border-0 file:border-r file:border-slate-200 file:bg-slate-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-100"
          />
          <p id="csv-file-hint" className="mt-1 text-xs text-slate-500">
            UTF-8 CSV with a header line, at most 5 MB and 20,000 rows.
          </p>
        </div>
        <Button type="button" variant="secondary" onClick={() => go("preview")} disabled={!file || busy || Boolean(error && !report)} aria-busy={stage === "checking"}>
          <FileUp aria-hidden className="size-4" /> Check file
        </Button>
      </div>

      {busy || (progress && stage !== "idle" && stage !== "imported" && !report) ? (
        <div className="space-y-1.5" aria-live="polite">
          <div className="flex justify-between text-xs text-slate-600">
            <span>{progress ? (stage === "importing" && progress.phase === "validating" ? "Checking every row again" : PHASES[progress.phase]) : "Uploading"}…</span>
            <span className="tabular-nums">{progress ? `${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")}` : ""}</span>
          </div>
          <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 overflow-hidden rounded-full bg-slate-100">
            <div className="h-full rounded-full bg-brand-600 transition-[width] duration-200" style={{ width: `${pct}%` }} />
          </div>
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      ) : null}

      {report && !report.ok ? (
        <div className="rounded-lg border border-rose-200">
          <div role="alert" className="flex gap-3 border-b border-rose-100 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
            <p>
              <span className="font-semibold">Nothing was imported.</span> The file has {problemCount} problem{problemCount === 1 ? "" : "s"} in {report.rows.toLocaleString("en-GB")} rows. Fix
              {problemCount === 1 ? " it" : " them"} and check the file again; the import runs only when every row is right.
            </p>
          </div>
          <div className="max-h-96 overflow-y-auto">
            <table className="min-w-full divide-y divide-slate-100 text-sm" aria-label="Problems by line">
              <thead className="sticky top-0 bg-slate-50">
                <tr>
                  <th scope="col" className="w-24 px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                    Line
                  </th>
                  <th scope="col" className="px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="px-4 py-2 tabular-nums text-slate-700">{e.line === null ? "File" : `Line ${e.line}`}</td>
                    <td className="px-4 py-2 text-slate-700">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report.moreErrors ? <p className="px-4 py-2 text-sm text-slate-500">…and {report.moreErrors.toLocaleString("en-GB")} more.</p> : null}
          </div>
        </div>
      ) : null}

      {report && report.ok && stage !== "imported" ? (
        <div className="rounded-lg border border-emerald-200">
          <div role="status" className="flex flex-wrap items-center justify-between gap-3 border-b border-emerald-100 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
            <p className="flex gap-2">
              <CheckCircle2 aria-hidden className="mt-0.5 size-4 shrink-0" />
              <span>
                <span className="font-semibold">Every row is valid.</span> Ready to invite {report.people.toLocaleString("en-GB")} user{report.people === 1 ? "" : "s"} with{" "}
                {report.assignments.toLocaleString("en-GB")} role assignment{report.assignments === 1 ? "" : "s"}. Nothing has been written yet.
              </span>
            </p>
            <Button type="button" onClick={() => go("apply")} disabled={busy} aria-busy={stage === "importing"}>
              <Upload aria-hidden className="size-4" /> Import {report.people.toLocaleString("en-GB")} user{report.people === 1 ? "" : "s"}
            </Button>
          </div>
          <PeopleTable report={report} />
        </div>
      ) : null}

      {report && stage === "imported" && report.applied ? (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          <p className="font-semibold">
            Imported {report.applied.users.toLocaleString("en-GB")} user{report.applied.users === 1 ? "" : "s"} with {report.applied.assignments.toLocaleString("en-GB")} role assignment
            {report.applied.assignments === 1 ? "" : "s"}.
          </p>
          <p className="mt-1">
            Each has been sent an invitation{report.mail?.mode === "outbox" ? " (in the Outbox, as no mail server is configured)" : ""}
            {report.mail?.failed ? `; ${report.mail.failed} mail${report.mail.failed === 1 ? " was" : "s were"} not taken by the mail server yet and ${report.mail.failed === 1 ? "is" : "are"} tried again over the next hours` : ""}.
          </p>
          <div className="mt-3 flex gap-4">
            <Link href="/users" className="font-medium text-emerald-900 underline">
              View users
            </Link>
            {report.mail?.mode === "outbox" ? (
              <Link href="/outbox" className="font-medium text-emerald-900 underline">
                Open the Outbox
              </Link>
            ) : null}
            <button
              type="button"
              className="font-medium text-emerald-900 underline"
              onClick={() => {
                if (inputRef.current) inputRef.current.value = "";
                choose(null);
              }}
            >
              Import another file
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function PeopleTable({ report }: { report: ImportReport }) {
  return (
    <div>
      <ScrollX label="Users to import">
        <table className="min-w-full divide-y divide-slate-100 text-sm" aria-label="Users to import">
          <thead className="bg-slate-50">
            <tr>
              {["Line", "Email", "Name", "Unit", "Roles"].map((h) => (
                <th key={h} scope="col" className="px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.sample.map((p) => (
              <tr key={p.email}>
                <td className="px-4 py-2 tabular-nums text-slate-500">{p.line}</td>
                <td className="whitespace-nowrap px-4 py-2 font-medium text-slate-900">{p.email}</td>
                <td className="whitespace-nowrap px-4 py-2 text-slate-700">{p.name}</td>
                <td className="whitespace-nowrap px-4 py-2 text-slate-700">{p.unit}</td>
                <td className="px-4 py-2 text-slate-700">{p.roles.length ? p.roles.join(", ") : <span className="text-slate-500">No roles</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {report.people > report.sample.length ? <p className="px-4 py-2 text-sm text-slate-500">…and {(report.people - report.sample.length).toLocaleString("en-GB")} more.</p> : null}
    </div>
  );
}
