"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endOtherSessionsAction, endSessionAction, endUserSessionsAction } from "@/lib/sessions/actions";

type Result = { ok: true; data: { ended: number } } | { ok: false; error: string };

function useRun() {
  const router = useRouter();
  return async (run: () => Promise<Result>, done: (n: number) => string) => {
    const result = await run();
    if (!result.ok) {
      toast.error(result.error);
      return;
    }
    toast.success(done(result.data.ended));
    router.refresh();
  };
}

/** Ends one of the signed-in person's other sessions. */
export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" className="text-rose-700">
          End<span className="sr-only"> the session on {device}</span>
        </Button>
      }
      title="End this session?"
      description={<p>The browser using it ({device}) is signed out at its next request.</p>}
      confirmLabel="End session"
      onConfirm={() => run(() => endSessionAction({ sessionId }), () => "The session was ended")}
    />
  );
}

/** Ends every session of the signed-in person but the one in use. */
export function EndOtherSessionsButton({ count }: { count: number }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="secondary" disabled={count === 0}>
          <LogOut aria-hidden className="size-4" />
          Sign out everywhere else
        </Button>
      }
      title="Sign out your other sessions?"
      description={<p>Every other browser signed in as you is signed out at its next request. This one stays signed in.</p>}
      confirmLabel="Sign them out"
      onConfirm={() => run(() => endOtherSessionsAction({}), (n) => `${n} ${n === 1 ? "session was" : "sessions were"} ended`)}
    />
  );
}

/** An admin ends every session of a person it manages. */
export function EndUserSessionsButton({ userId, name, count }: { userId: string; name: string; count: number }) {
  const run = useRun();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="secondary" className="text-rose-700" disabled={count === 0}>
          <LogOut aria-hidden className="size-4" />
          End sessions{count ? ` (${count})` : ""}
        </Button>
      }
      title={`Sign ${name} out everywhere?`}
      description={<p>Each of {name}&apos;s open sessions ends at its next request. They can sign in again with their password.</p>}
      confirmLabel="End sessions"
      onConfirm={() => run(() => endUserSessionsAction({ userId }), (n) => `${n} ${n === 1 ? "session" : "sessions"} of ${name} ended`)}
    />
  );
}
