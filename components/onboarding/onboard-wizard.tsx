"use client";

import { Check, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { PAYMENT_TERMS_LABELS } from "@/lib/contracts/labels";
import { checkOnboardingAction, onboardEnterpriseAction } from "@/lib/onboarding/actions";
import { BILLING_CYCLES, CURRENCIES, PAYMENT_TERMS, SUB_ACCOUNT_KINDS } from "@/lib/onboarding/choices";
import { blankBillingAccount, blankLegalEntity, blankSubAccount, payloadOf, stepOf, STEPS, withDefaults, type Draft, type Path } from "./draft";

type Errors = Record<string, string[] | undefined>;
type Choice = { id: string; name: string; email: string };

const KIND_LABELS: Record<string, string> = { department: "Department", cost_centre: "Cost centre", project: "Project", site: "Site" };
const CYCLE_LABELS: Record<string, string> = { monthly: "Monthly", quarterly: "Quarterly" };
const idOf = (path: Path) => `ob-${path.join("-")}`;

/** Sets a value deep in the draft without touching the rest (a copy of the path it walks). */
function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = setIn(copy[head!], rest, next);
  return copy as T;
}

/**
 * A CSP administrator onboards an enterprise in one guided flow (issue 10): enterprise, legal
 * entities, billing accounts, sub-accounts and sites, the first admin and the account managers,
 * then a review. "Next" asks the server to check the step (the one schema lives there); "Create"
 * writes it all in one transaction.
 */
export function OnboardWizard({ countries, managers }: { countries: { code: string; name: string }[]; managers: Choice[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [draft, setDraft] = useState<Draft>(() => ({ enterprise: { name: "", code: "" }, legalEntities: [blankLegalEntity()], admin: { name: "", email: "" }, accountManagerIds: [] }));

  const set = (path: Path, value: unknown) => setDraft((d) => setIn(d, path, value));
  const get = (path: Path): string => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], draft) as string;
  const err = (path: Path) => errors[path.join(".")];

  function showProblems(found: Errors, message: string) {
    setErrors(found);
    toast.error(message);
    const first = Object.keys(found)[0];
    if (first) window.setTimeout(() => document.getElementById(idOf(first.split(".")))?.focus(), 0);
  }

  const next = () =>
    start(async () => {
      const result = await checkOnboardingAction(payloadOf(draft));
      if (!result.ok) return void toast.error(result.error);
      const here = result.data.issues.filter((i) => stepOf(i.path) === step);
      if (here.length) return showProblems(Object.fromEntries(here.map((i) => [i.path.join("."), [i.message]])), "Please correct the highlighted fields.");
      setErrors({});
      // What the next steps start from: each billing account in its legal entity's currency, each site in its country.
      if (step === 1 || step === 2) setDraft(withDefaults);
      setStep((s) => s + 1);
    });

  const create = () =>
    start(async () => {
      const result = await onboardEnterpriseAction(payloadOf(draft));
      if (!result.ok) {
        const found = (result.fieldErrors ?? {}) as Errors;
        const first = Object.keys(found)[0];
        if (first) setStep(stepOf(first.split(".")));
        return showProblems(found, result.error);
      }
      toast.success(`${result.data.name} onboarded`, { description: `${draft.admin.email} is invited${result.data.mode === "outbox" ? " (see the outbox)" : ""}.` });
      router.push(`/csp/customers/${result.data.id}`);
      router.refresh();
    });

  const text = (path: Path, label: string, opts: { type?: string; optional?: boolean; className?: string; hint?: string; autoComplete?: string; labelDetail?: string } = {}) => (
    <FormField id={idOf(path)} label={opts.optional ? `${label} (optional)` : label} labelDetail={opts.labelDetail} hint={opts.hint} errors={err(path)} className={opts.className}>
      {(p) => <input {...p} type={opts.type ?? "text"} value={get(path) ?? ""} onChange={(e) => set(path, e.target.value)} required={!opts.optional} autoComplete={opts.autoComplete ?? "off"} className={inputClass} />}
    </FormField>
  );
  const select = (path: Path, label: string, options: { value: string; label: string }[], labelDetail?: string) => (
    <FormField id={idOf(path)} label={label} labelDetail={labelDetail} errors={err(path)}>
      {(p) => (
        <select {...p} value={get(path) ?? ""} onChange={(e) => set(path, e.target.value)} className={cn(inputClass, "pr-8")}>
          <option value="" disabled>
            Choose…
          </option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
  const countryChoices = countries.map((c) => ({ value: c.code, label: c.name }));
  const currencyChoices = CURRENCIES.map((c) => ({ value: c, label: c }));
  const remove = (path: Path, index: number, label: string) => (
    <Button type="button" variant="secondary" onClick={() => set(path, (get(path) as unknown as unknown[]).filter((_, i) => i !== index))} aria-label={`Remove ${label}`}>
      <Trash2 aria-hidden className="size-4" />
    </Button>
  );

  return (
    <div className="space-y-6">
      <nav aria-label="Onboarding steps">
        <ol className="flex flex-wrap gap-2 text-sm">
          {STEPS.map((name, i) => (
            <li key={name} aria-current={i === step ? "step" : undefined} className={cn("flex items-center gap-2 rounded-full px-3 py-1 ring-1 ring-inset", i === step ? "bg-brand-50 font-semibold text-brand-700 ring-brand-200" : i < step ? "text-emerald-800 ring-emerald-200" : "text-slate-600 ring-slate-200")}>
              {i < step ? <Check aria-hidden className="size-4" /> : <span aria-hidden>{i + 1}</span>}
              {name}
              {i < step ? <span className="sr-only"> (done)</span> : null}
            </li>
          ))}
        </ol>
      </nav>

      <form
        noValidate
        aria-label={STEPS[step]}
        onSubmit={(e) => {
          e.preventDefault();
          if (step < STEPS.length - 1) next();
          else create();
        }}
        className="space-y-6"
      >
        {step === 0 ? (
          <Card>
            <CardHeader title="The enterprise" description="The customer as a whole: the root of its account hierarchy." />
            <CardBody className="grid gap-4 sm:grid-cols-2">
              {text(["enterprise", "name"], "Enterprise name")}
              {text(["enterprise", "code"], "Code", { optional: true, hint: "A short reference, e.g. NWT" })}
            </CardBody>
          </Card>
        ) : null}

        {step === 1
          ? draft.legalEntities.map((le, i) => (
              <Card key={le.key}>
                <CardHeader title={le.name || `Legal entity ${i + 1}`} description="A company of the group: its country sets the tax on its bills." action={draft.legalEntities.length > 1 ? remove(["legalEntities"], i, `legal entity ${i + 1}`) : null} />
                <CardBody className="grid gap-4 sm:grid-cols-2">
                  {text(["legalEntities", i, "name"], "Legal entity name", { labelDetail: `legal entity ${i + 1}` })}
                  {select(["legalEntities", i, "countryCode"], "Country", countryChoices, `legal entity ${i + 1}`)}
                  {select(["legalEntities", i, "currency"], "Currency", currencyChoices, `legal entity ${i + 1}`)}
                  {text(["legalEntities", i, "registrationNumber"], "Registration number", { optional: true, labelDetail: `legal entity ${i + 1}` })}
                  {text(["legalEntities", i, "taxId"], "Tax id", { optional: true, labelDetail: `legal entity ${i + 1}` })}
                </CardBody>
              </Card>
            ))
          : null}
        {step === 1 ? (
          <Button type="button" variant="secondary" onClick={() => set(["legalEntities"], [...draft.legalEntities, blankLegalEntity()])}>
            <Plus aria-hidden className="size-4" />
            Add a legal entity
          </Button>
        ) : null}

        {step === 2
          ? draft.legalEntities.map((le, i) => (
              <Card key={le.key}>
                <CardHeader title={`Billing accounts of ${le.name}`} description={`Bills and orders are in the billing account's currency (${le.currency || "choose one"} by default).`} />
                <CardBody className="space-y-6">
                  {le.billingAccounts.map((ba, j) => {
                    const at: Path = ["legalEntities", i, "billingAccounts", j];
                    const detail = `${le.name}, billing account ${j + 1}`;
                    return (
                      <fieldset key={ba.key} className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-3">
                        <legend className="px-1 text-sm font-medium text-slate-800">Billing account {j + 1}</legend>
                        {text([...at, "name"], "Name", { labelDetail: detail })}
                        {select([...at, "currency"], "Currency", currencyChoices, detail)}
                        {select([...at, "paymentTerms"], "Payment terms", PAYMENT_TERMS.map((t) => ({ value: t, label: PAYMENT_TERMS_LABELS[t] })), detail)}
                        {select([...at, "billingCycle"], "Billing cycle", BILLING_CYCLES.map((c) => ({ value: c, label: CYCLE_LABELS[c]! })), detail)}
                        {text([...at, "billToName"], "Bill-to contact", { labelDetail: detail })}
                        {text([...at, "billToEmail"], "Bill-to email", { type: "email", labelDetail: detail })}
                        {text([...at, "code"], "Code", { optional: true, labelDetail: detail })}
                        <div className="flex items-end justify-end sm:col-span-2">{le.billingAccounts.length > 1 ? remove(["legalEntities", i, "billingAccounts"], j, detail) : null}</div>
                      </fieldset>
                    );
                  })}
                  <Button type="button" variant="secondary" onClick={() => set(["legalEntities", i, "billingAccounts"], [...le.billingAccounts, blankBillingAccount(le.currency)])}>
                    <Plus aria-hidden className="size-4" />
                    Add a billing account to {le.name}
                  </Button>
                </CardBody>
              </Card>
            ))
          : null}

        {step === 3
          ? draft.legalEntities.flatMap((le, i) =>
              le.billingAccounts.map((ba, j) => (
                <Card key={ba.key}>
                  <CardHeader title={`Sub-accounts of ${ba.name}`} description={`${le.name} · ${ba.currency}. Departments, cost centres, projects or sites that bear costs; a site has an address.`} />
                  <CardBody className="space-y-6">
                    {ba.subAccounts.map((sub, k) => {
                      const at: Path = ["legalEntities", i, "billingAccounts", j, "subAccounts", k];
                      const detail = `${ba.name}, sub-account ${k + 1}`;
                      return (
                        <fieldset key={sub.key} className="space-y-4 rounded-md border border-slate-200 p-4">
                          <legend className="px-1 text-sm font-medium text-slate-800">Sub-account {k + 1}</legend>
                          <div className="grid gap-4 sm:grid-cols-3">
                            {text([...at, "name"], "Name", { labelDetail: detail })}
                            {select([...at, "kind"], "Kind", SUB_ACCOUNT_KINDS.map((s) => ({ value: s, label: KIND_LABELS[s]! })), detail)}
                            {text([...at, "code"], "Code", { optional: true, labelDetail: detail })}
                          </div>
                          <label className="flex items-center gap-2 text-sm text-slate-700">
                            <input type="checkbox" checked={sub.hasSite} onChange={(e) => set([...at, "hasSite"], e.target.checked)} className="size-4 rounded border-slate-300" />
                            It has a site (an address where services are installed)
                          </label>
                          {sub.hasSite ? (
                            <div className="grid gap-4 sm:grid-cols-3">
                              {text([...at, "site", "name"], "Site name", { labelDetail: detail })}
                              {text([...at, "site", "addressLine1"], "Address", { labelDetail: detail, autoComplete: "address-line1" })}
                              {text([...at, "site", "city"], "City", { labelDetail: detail })}
                              {text([...at, "site", "postcode"], "Postcode", { labelDetail: detail })}
                              {select([...at, "site", "countryCode"], "Site country", countryChoices, detail)}
                              {text([...at, "site", "contactName"], "On-site contact", { optional: true, labelDetail: detail })}
                            </div>
                          ) : null}
                          <div className="flex justify-end">{ba.subAccounts.length > 1 ? remove(["legalEntities", i, "billingAccounts", j, "subAccounts"], k, detail) : null}</div>
                        </fieldset>
                      );
                    })}
                    <Button type="button" variant="secondary" onClick={() => set(["legalEntities", i, "billingAccounts", j, "subAccounts"], [...ba.subAccounts, blankSubAccount(le.countryCode)])}>
                      <Plus aria-hidden className="size-4" />
                      Add a sub-account to {ba.name}
                    </Button>
                  </CardBody>
                </Card>
              )),
            )
          : null}

        {step === 4 ? (
          <>
            <Card>
              <CardHeader title="Its first enterprise admin" description="Invited by e-mail to set a password; they manage everyone else from then on." />
              <CardBody className="grid gap-4 sm:grid-cols-2">
                {text(["admin", "name"], "Admin's name")}
                {text(["admin", "email"], "Admin's email", { type: "email" })}
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Account managers" description="Who at the CSP looks after this enterprise (you can change it later)." />
              <CardBody>
                <fieldset>
                  <legend className="sr-only">Account managers</legend>
                  <ul className="grid gap-2 sm:grid-cols-2">
                    {managers.map((m) => (
                      <li key={m.id}>
                        <label className="flex items-center gap-2 text-sm text-slate-700">
                          <input
                            type="checkbox"
                            checked={draft.accountManagerIds.includes(m.id)}
                            onChange={(e) => set(["accountManagerIds"], e.target.checked ? [...draft.accountManagerIds, m.id] : draft.accountManagerIds.filter((x) => x !== m.id))}
                            className="size-4 rounded border-slate-300"
                          />
                          {m.name} <span className="text-slate-500">({m.email})</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                  {err(["accountManagerIds"]) ? <p className="mt-1 text-xs text-rose-700">{err(["accountManagerIds"])![0]}</p> : null}
                </fieldset>
              </CardBody>
            </Card>
          </>
        ) : null}

        {step === 5 ? <Review draft={draft} countries={countries} managers={managers} /> : null}

        <div className="flex justify-between gap-2">
          <Button type="button" variant="secondary" disabled={step === 0 || pending} onClick={() => setStep((s) => s - 1)}>
            Back
          </Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {step < STEPS.length - 1 ? (pending ? "Checking…" : "Next") : pending ? "Creating…" : "Create the enterprise and invite its admin"}
          </Button>
        </div>
      </form>
    </div>
  );
}

function Review({ draft, countries, managers }: { draft: Draft; countries: { code: string; name: string }[]; managers: Choice[] }) {
  const country = (code: string) => countries.find((c) => c.code === code)?.name ?? code;
  return (
    <Card>
      <CardHeader title={`Review: ${draft.enterprise.name}`} description="Nothing is created until you confirm." />
      <CardBody className="space-y-4 text-sm">
        <ul className="space-y-3" aria-label="The account hierarchy">
          {draft.legalEntities.map((le) => (
            <li key={le.key}>
              <p className="font-medium text-slate-900">
                {le.name} <span className="font-normal text-slate-600">· {country(le.countryCode)} · {le.currency}</span>
              </p>
              <ul className="ml-5 mt-1 list-disc space-y-1 text-slate-700">
                {le.billingAccounts.map((ba) => (
                  <li key={ba.key}>
                    {ba.name} ({ba.currency}, {PAYMENT_TERMS_LABELS[ba.paymentTerms as keyof typeof PAYMENT_TERMS_LABELS] ?? ba.paymentTerms}, {CYCLE_LABELS[ba.billingCycle] ?? ba.billingCycle}): {ba.subAccounts.map((s) => `${s.name}${s.hasSite ? ` (site: ${s.site.city})` : ""}`).join(", ")}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        <p>
          First admin: <strong>{draft.admin.name}</strong> ({draft.admin.email}), invited by e-mail.
        </p>
        <p>Account managers: {draft.accountManagerIds.length ? managers.filter((m) => draft.accountManagerIds.includes(m.id)).map((m) => m.name).join(", ") : "none yet"}.</p>
      </CardBody>
    </Card>
  );
}
