import type { Metadata } from "next";
import Link from "next/link";
import { SSO_REFUSAL_MESSAGES, type SsoRefusal } from "@/lib/identity/sso-sign-in";

export const metadata: Metadata = { title: "Sign-in did not complete" };

/**
 * Where next-auth sends a sign-in that did not complete: a refused single sign-on (with its reason),
 * a callback whose state or PKCE check failed (a replayed or stale link), a provider that answered
 * with an error or could not be reached. Public: the person is not signed in.
 */
const MESSAGES: Record<string, string> = {
  AccessDenied: "Your organisation's sign-in did not let you into Trellis.",
  InvalidCheck: "This sign-in link was already used or has expired. Start again from the sign-in page.",
  OAuthCallbackError: "Your organisation's sign-in reported a problem. Try again, or ask your administrator.",
  CallbackRouteError: "Trellis could not complete the sign-in with your organisation's provider. Try again, or ask your administrator.",
  OAuthSignInError: "Trellis could not reach your organisation's sign-in. Try again in a moment, or ask your administrator.",
  // Auth.js reports a failed state or PKCE check (a replayed or stale callback) as this too.
  Configuration: "The sign-in did not complete: the link was already used, has expired, or the sign-in is not set up correctly. Start again from the sign-in page; if it happens again, ask your administrator.",
  TestNeedsSession: "The test sign-in came back without your Trellis session. Sign in to Trellis and start the test again.",
  TestNotAllowed: "Only an admin of your whole organisation can test its single sign-on.",
};

function one(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const error = one(params.error);
  const reason = one(params.reason);
  const message = Object.hasOwn(SSO_REFUSAL_MESSAGES, reason) ? SSO_REFUSAL_MESSAGES[reason as SsoRefusal] : Object.hasOwn(MESSAGES, error) ? MESSAGES[error]! : "The sign-in did not complete. Start again from the sign-in page.";
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">Sign-in did not complete</h1>
        <p className="mt-2 text-sm text-slate-700" role="alert">
          {message}
        </p>
        <p className="mt-6 text-sm">
          <Link href="/login" className="font-medium text-brand-700 underline hover:text-brand-800">
            Back to sign-in
          </Link>
          {error.startsWith("Test") ? (
            <>
              {" · "}
              <Link href="/identity" className="font-medium text-brand-700 underline hover:text-brand-800">
                Single sign-on settings
              </Link>
            </>
          ) : null}
        </p>
      </div>
    </main>
  );
}
