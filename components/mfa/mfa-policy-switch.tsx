"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { setMfaRequiredAction } from "@/lib/mfa/actions";

/** Requires (or stops requiring) two-step verification for the enterprise, after a confirmation. */
export function MfaPolicySwitch({ enterpriseId, required }: { enterpriseId: string; required: boolean }) {
  const router = useRouter();
  return (
    <div className="space-y-3">
      <p className="max-w-prose text-sm text-slate-600">
        {required
          ? "Everyone must use two-step verification; it cannot be turned off."
          : "When required, people without two-step verification can only set it up at their next visit before they can do anything else."}
      </p>
      <ConfirmDialog
        tone={required ? "danger" : "primary"}
        trigger={<Button variant={required ? "secondary" : "primary"}>{required ? "Stop requiring two-step verification" : "Require two-step verification"}</Button>}
        title={required ? "Stop requiring two-step verification?" : "Require two-step verification?"}
        description={
          required
            ? "People may then turn their two-step verification off."
            : "Everyone signing in with a password will need an authenticator app. Those who have not set one up will be asked to, before anything else."
        }
        confirmLabel={required ? "Stop requiring" : "Require"}
        onConfirm={async () => {
          const result = await setMfaRequiredAction({ enterpriseId, required: !required });
          if (!result.ok) {
            toast.error(result.error);
            return;
          }
          toast.success(result.data.required ? "Two-step verification is now required." : "Two-step verification is now optional.");
          router.refresh();
        }}
      />
    </div>
  );
}
