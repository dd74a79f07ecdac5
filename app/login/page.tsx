import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentPrincipal, MFA_ENROLMENT_PATH } from "@/lib/auth/principal";
import { CHALLENGE_COOKIE } from "@/lib/mfa/challenge";
import { pendingSecondStepEmail } from "@/lib/mfa/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; next?: string }> }) {
  const signedIn = await currentPrincipal();
  if (signedIn) redirect(signedIn.mfaEnrolmentRequired ? MFA_ENROLMENT_PATH : "/dashboard");
  const params = await searchParams;
  let next = params.next ?? "";
  if (!next && params.callbackUrl) {
    try {
      next = new URL(params.callbackUrl, "http://local").pathname;
    } catch {
      next = "";
    }
  }
  // A sign-in waiting for its second factor in this browser (a reload of the code step) goes on there.
  const token = (await cookies()).get(CHALLENGE_COOKIE)?.value;
  const pendingEmail = token ? await read((db) => pendingSecondStepEmail(db, token)) : null;
  return (
    <div className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2">
          <span aria-hidden className="flex size-9 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white">T</span>
          <span className="text-xl font-semibold tracking-tight">Trellis</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-slate-900">Sign in to your portal</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">Manage your organisation&apos;s services, orders and bills.</p>
          <LoginForm next={next} initial={pendingEmail ? { step: "code", email: pendingEmail } : { step: "email" }} />
        </div>
      </div>
    </div>
  );
}
