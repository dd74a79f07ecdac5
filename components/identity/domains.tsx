"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField, inputClass } from "@/components/ui/form-field";
import { Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { addDomainAction, removeDomainAction, verifyDomainAction } from "@/lib/identity/actions";

export type DomainRow = { domain: string; verified: boolean; recordName: string; recordValue: string };

/** The e-mail domains that route to the provider: claimed, proven by a DNS TXT record, released. */
export function Domains({ rows, canChange }: { rows: DomainRow[]; canChange: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [domain, setDomain] = useState("");
  const [errors, setErrors] = useState<string[] | undefined>();

  function run(work: () => Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string[]> }>, done: string, after?: () => void) {
    startTransition(async () => {
      const result = await work();
      if (!result.ok) {
        setErrors(result.fieldErrors?.domain);
        toast.error(result.error ?? "Something went wrong");
        return;
      }
      setErrors(undefined);
      after?.();
      toast.success(done);
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {rows.length ? (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">E-mail domains</caption>
            <thead>
              <tr>
                <Th>Domain</Th>
                <Th>State</Th>
                <Th>DNS TXT record</Th>
                {canChange ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.domain} className="border-t border-slate-100">
                  <Td className="font-medium text-slate-900">{row.domain}</Td>
                  <Td>{row.verified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Waiting for DNS</Badge>}</Td>
                  <Td>
                    {row.verified ? (
                      <span className="text-slate-500">—</span>
                    ) : (
                      <dl className="space-y-1 text-xs">
                        <div>
                          <dt className="inline font-medium text-slate-700">Name: </dt>
                          <dd className="inline font-mono break-all">{row.recordName}</dd>
                        </div>
                        <div>
                          <dt className="inline font-medium text-slate-700">Value: </dt>
                          <dd className="inline font-mono break-all">{row.recordValue}</dd>
                        </div>
                      </dl>
                    )}
                  </Td>
                  {canChange ? (
                    <Td className="text-right whitespace-nowrap">
                      {!row.verified ? (
                        <Button type="button" variant="secondary" className="mr-2" disabled={pending} onClick={() => run(() => verifyDomainAction({ domain: row.domain }), `${row.domain} verified`)}>
                          Verify<span className="sr-only"> {row.domain}</span>
                        </Button>
                      ) : null}
                      <ConfirmDialog
                        trigger={
                          <Button type="button" variant="secondary" disabled={pending}>
                            Remove<span className="sr-only"> {row.domain}</span>
                          </Button>
                        }
                        title={`Remove ${row.domain}?`}
                        description="People with addresses at this domain will sign in with passwords again."
                        confirmLabel="Remove"
                        onConfirm={async () => run(() => removeDomainAction({ domain: row.domain }), `${row.domain} removed`)}
                      />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No domains yet. Add the domain of your people&apos;s e-mail addresses, then prove it is yours with a DNS record.</p>
      )}
      {canChange ? (
        <form
          className="flex max-w-xl items-start gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            run(() => addDomainAction({ domain }), `${domain} added: publish its DNS record, then verify`, () => setDomain(""));
          }}
        >
          <FormField id="sso-domain" label="E-mail domain" errors={errors} className="flex-1">
            {(p) => <input {...p} value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="acme.example" className={inputClass} autoComplete="off" />}
          </FormField>
          <Button type="submit" className="mt-6" disabled={pending || !domain.trim()}>
            Add domain
          </Button>
        </form>
      ) : null}
    </div>
  );
}
