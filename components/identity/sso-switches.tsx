"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { switchSsoAction, testConnectionAction } from "@/lib/identity/actions";

/** Test the connection, then single sign-on on or off, then passwords on or off for its domains. */
export function SsoSwitches({ enabled, passwordSignIn, tested, canEnable }: { enabled: boolean; passwordSignIn: boolean; tested: boolean; canEnable: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  async function change(setting: "enabled" | "passwordSignIn", value: boolean, done: string) {
    const result = await switchSsoAction({ setting, value });
    if (!result.ok) {
      toast.error(result.error);
      return false;
    }
    toast.success(done);
    router.refresh();
  }

  function test() {
    startTransition(async () => {
      const result = await testConnectionAction();
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      window.location.assign(result.data.url);
    });
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Test the connection</h3>
          <p className="mt-1 max-w-xl text-sm text-slate-600">
            {tested ? "The last test passed. Test again after changing the provider." : "Sign in at your provider once, as you: Trellis checks the issuer, the client credentials and PKCE, and signs no one in."}
          </p>
        </div>
        <Button type="button" variant="secondary" disabled={pending} onClick={test}>
          Test connection
        </Button>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-4 border-t border-slate-100 pt-6">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Single sign-on</h3>
          <p className="mt-1 max-w-xl text-sm text-slate-600">
            {enabled ? "On: people of your verified domains sign in at your provider." : canEnable ? "Off: ready to switch on." : "Off: it needs a passed test and a verified domain."}
          </p>
        </div>
        {enabled ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="danger" disabled={pending}>
                Switch single sign-on off
              </Button>
            }
            title="Switch single sign-on off?"
            description="Your people sign in with Trellis passwords again; those who have none must be invited or reset theirs."
            confirmLabel="Switch off"
            onConfirm={() => change("enabled", false, "Single sign-on switched off")}
          />
        ) : (
          <Button type="button" disabled={pending || !canEnable} onClick={() => startTransition(async () => void (await change("enabled", true, "Single sign-on switched on")))}>
            Switch single sign-on on
          </Button>
        )}
      </div>
      <div className="flex flex-wrap items-start justify-between gap-4 border-t border-slate-100 pt-6">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Password sign-in</h3>
          <p className="mt-1 max-w-xl text-sm text-slate-600">
            {passwordSignIn ? "Allowed: people of your domains may also sign in with a Trellis password." : "Off: people of your domains can only sign in at your provider."}
          </p>
        </div>
        {passwordSignIn ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="secondary" disabled={pending || !enabled}>
                Switch password sign-in off
              </Button>
            }
            title="Switch password sign-in off?"
            description="People of your verified domains will only be able to sign in at your identity provider. Sessions open now run to their end."
            confirmLabel="Switch off"
            onConfirm={() => change("passwordSignIn", false, "Password sign-in switched off")}
          />
        ) : (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => startTransition(async () => void (await change("passwordSignIn", true, "Password sign-in allowed")))}>
            Allow password sign-in
          </Button>
        )}
      </div>
    </div>
  );
}
