"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { changeSupportAccessAction } from "@/lib/impersonation/actions";
import { WRITE_ACCESS_HOURS } from "@/lib/impersonation/rules";

const hoursLabel = (h: number) => (h === 1 ? "1 hour" : h < 24 ? `${h} hours` : h === 24 ? "1 day" : `${h / 24} days`);

/** The enterprise admin's two switches: support access on or off, and write access for a while. */
export function SupportAccessControls({ supportEnabled, writeOn, writeUntilLabel }: { supportEnabled: boolean; writeOn: boolean; writeUntilLabel: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [hours, setHours] = useState<string>(String(WRITE_ACCESS_HOURS[0]));

  async function change(input: Record<string, unknown>, done: string) {
    const result = await changeSupportAccessAction(input);
    if (!result.ok) {
      toast.error(result.error);
      return false;
    }
    toast.success(done);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Support access</h3>
          <p className="mt-1 max-w-xl text-sm text-slate-600">
            {supportEnabled
              ? "On: your account managers may see the portal as one of your people, for up to an hour at a time, with a reason."
              : "Off: no account manager can see the portal as one of your people."}
          </p>
        </div>
        {supportEnabled ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="danger" disabled={pending}>
                Switch support access off
              </Button>
            }
            title="Switch support access off?"
            description="Account managers can no longer see the portal as your people. A support session open now ends at once."
            confirmLabel="Switch off"
            onConfirm={() => change({ change: "support", enabled: false }, "Support access switched off")}
          />
        ) : (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => startTransition(async () => void (await change({ change: "support", enabled: true }, "Support access switched on")))}>
            Switch support access on
          </Button>
        )}
      </div>

      <div className="flex flex-wrap items-start justify-between gap-4 border-t border-slate-100 pt-6">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Write support access</h3>
          <p className="mt-1 max-w-xl text-sm text-slate-600">
            {writeOn
              ? `On until ${writeUntilLabel}: an account manager may act as the person they view (order, edit sites…). Approving orders, roles, passwords and sessions stay off.`
              : "Off: account managers only look. Switch it on for a while when you want them to act for you."}
          </p>
        </div>
        {writeOn ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => startTransition(async () => void (await change({ change: "write", hours: 0 }, "Write support access switched off")))}>
            Switch write access off
          </Button>
        ) : (
          <div className="flex items-end gap-2">
            <label className="text-sm text-slate-700">
              Write access for
              <select value={hours} onChange={(e) => setHours(e.target.value)} disabled={!supportEnabled || pending} className={cn(inputClass, "w-32 pr-8")}>
                {WRITE_ACCESS_HOURS.map((h) => (
                  <option key={h} value={h}>
                    {hoursLabel(h)}
                  </option>
                ))}
              </select>
            </label>
            <Button type="button" variant="primary" disabled={!supportEnabled || pending} onClick={() => startTransition(async () => void (await change({ change: "write", hours: Number(hours) }, `Write support access on for ${hoursLabel(Number(hours))}`)))}>
              Allow write access
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
