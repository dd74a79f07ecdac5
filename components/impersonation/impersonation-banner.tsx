"use client";

import { Eye } from "lucide-react";
import { useEffect, useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { stopImpersonationAction } from "@/lib/impersonation/actions";

function left(expiresAt: number, now: number) {
  return Math.max(0, Math.ceil((expiresAt - now) / 60_000));
}

/**
 * On every page while an account manager sees the portal as a customer user (DESIGN.md rule 4):
 * whose view this is, why, the time left and the way back. When the time is up the page reloads, and
 * the server (which decides) ends the impersonation at that request.
 */
export function ImpersonationBanner({ name, email, reason, expiresAt, writeAccess }: { name: string; email: string; reason: string; expiresAt: string; writeAccess: boolean }) {
  const end = new Date(expiresAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  const [pending, startTransition] = useTransition();
  const minutes = left(end, now);

  useEffect(() => {
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= end) window.location.reload();
    }, 5_000);
    return () => window.clearInterval(timer);
  }, [end]);

  function stop() {
    startTransition(async () => {
      const result = await stopImpersonationAction();
      if (!result.ok) {
        toast.error(result.error);
        // A full load, as for every change of whose view this is: nothing rendered for the other view stays.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        if (result.status === 401 || result.status === 403) window.location.assign("/csp");
        return;
      }
      window.location.assign(result.data.to);
    });
  }

  return (
    <section aria-label="Support session" data-testid="impersonation-banner" className="flex flex-wrap items-center gap-x-4 gap-y-1 bg-violet-800 px-4 py-2 text-sm text-white md:px-8">
      <Eye aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1">
        <strong className="font-semibold">Viewing as {name}</strong> <span className="text-violet-100">({email})</span>
        <span className="text-violet-100"> · {writeAccess ? "write support access on" : "read-only"}</span>
        <span className="block truncate text-xs text-violet-100" title={reason}>
          Reason: {reason}
        </span>
      </p>
      <p className="whitespace-nowrap font-medium" data-testid="impersonation-time-left">
        <span aria-live="polite">{minutes === 1 ? "1 minute left" : `${minutes} minutes left`}</span>
      </p>
      <button
        type="button"
        onClick={stop}
        disabled={pending}
        className="rounded-md bg-white px-3 py-1 text-sm font-semibold text-violet-800 shadow-sm hover:bg-violet-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-60"
      >
        {pending ? "Ending…" : "End"}
      </button>
    </section>
  );
}
