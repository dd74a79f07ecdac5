"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { decideOrderAction } from "@/lib/orders/actions";

/** Approve or reject the waiting level, with a comment (required to reject: the orderer reads it). */
export function DecisionForm({ orderId, level, levels, forName }: { orderId: string; level: number; levels: number; forName?: string | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);

  const decide = (decision: "approved" | "rejected") =>
    start(async () => {
      setError(null);
      const result = await decideOrderAction({ orderId, level, decision, comment });
      if (!result.ok) {
        setError(result.fieldErrors?.comment?.[0] ?? null);
        toast.error(decision === "approved" ? "Not approved" : "Not rejected", { description: result.error });
        if (result.status === 409) router.refresh();
        return;
      }
      toast.success(decision === "approved" ? (result.data.status === "approved" ? "Approved" : `Level ${level} approved; the next level is waiting`) : "Rejected; the orderer is told why");
      router.refresh();
    });

  return (
    <form onSubmit={(e) => e.preventDefault()} className="space-y-3 border-t border-slate-100 px-5 py-4" aria-label="Your decision">
      <p className="text-sm font-medium text-slate-800">
        Your decision on level {level}
        {levels > 1 ? ` of ${levels}` : ""}
        {forName ? <span className="font-normal text-slate-600"> (you stand in for {forName})</span> : null}
      </p>
      <div>
        <label htmlFor="decision-comment" className="block text-sm text-slate-700">
          Comment <span className="text-slate-500">(required to reject)</span>
        </label>
        <textarea
          id="decision-comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={1000}
          rows={3}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? "decision-comment-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400"
        />
        {error ? (
          <p id="decision-comment-error" className="mt-1 text-xs text-rose-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button type="button" onClick={() => decide("approved")} disabled={pending} aria-busy={pending}>
          Approve
        </Button>
        <Button type="button" variant="danger" onClick={() => decide("rejected")} disabled={pending}>
          Reject
        </Button>
      </div>
    </form>
  );
}
