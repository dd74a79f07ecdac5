import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { MfaSettings } from "@/components/mfa/mfa-settings";
import { currentContext } from "@/lib/auth/principal";
import { safeNextPath } from "@/lib/mfa/rules";
import { ownMfaSettings } from "@/lib/mfa/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Set up two-step verification" };

/**
 * Where a session goes whose person must have a second factor and has none (CSP staff always; an
 * enterprise that requires it): the one thing it may do is set one up (or sign out). Once it is on,
 * the session is a full one and the person continues to where they were going.
 */
export default async function EnrolPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const ctx = await currentContext();
  if (!ctx) redirect("/login");
  const next = safeNextPath((await searchParams).next);
  const { principal } = ctx;
  // Nothing to do here (set up in another tab, or not required): on to where the person was going.
  if (!principal.mfaEnrolmentRequired) redirect(next);
  const settings = await read((db) => ownMfaSettings(db, principal, true));
  return (
    <div className="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-10">
      <main className="w-full max-w-lg">
        <div className="mb-8 flex items-center justify-center gap-2">
          <span aria-hidden className="flex size-9 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white">T</span>
          <span className="text-xl font-semibold tracking-tight">Trellis</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-slate-900">Set up two-step verification</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">
            {settings.requiredBy === "csp"
              ? "CSP staff always sign in with a code from an authenticator app as well as their password."
              : "Your organisation requires a code from an authenticator app as well as your password."}{" "}
            Set it up now to continue, {principal.name}.
          </p>
          <MfaSettings {...settings} continueTo={next} />
          <div className="mt-6 border-t border-slate-100 pt-4">
            <SignOutButton />
          </div>
        </div>
      </main>
    </div>
  );
}
