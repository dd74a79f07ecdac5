import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">This page does not exist, or it is outside what you can see.</p>
      <Link href="/dashboard" className="mt-6 text-sm font-medium text-brand-600 hover:text-brand-700">
        Back to the dashboard
      </Link>
    </div>
  );
}
