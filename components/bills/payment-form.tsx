"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { recordPaymentAction } from "@/lib/billing/bill-actions";

/**
 * The CSP records a payment received against a bill (full or part): the amount in the bill's
 * currency as typed, the day received, a reference. The server parses the amount in the bill's
 * currency and refuses more than is still to pay.
 */
export function PaymentForm({ billId, currency, balance, today }: { billId: string; currency: string; balance: string; today: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [amount, setAmount] = useState(balance);
  const [receivedOn, setReceivedOn] = useState(today);
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  const submit = () =>
    start(async () => {
      setErrors({});
      const result = await recordPaymentAction({ billId, amount, receivedOn, reference });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error("Payment not recorded", { description: result.error });
        if (result.status === 409) router.refresh();
        return;
      }
      toast.success(result.data.full ? "Payment recorded; the bill is paid in full" : "Part payment recorded");
      setReference("");
      router.refresh();
    });

  return (
    <form
      aria-label="Record a payment"
      className="space-y-3 px-5 py-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <FormField id="payment-amount" label={`Amount (${currency})`} hint="In full or in part." errors={errors.amount}>
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} className={inputClass} />}
      </FormField>
      <FormField id="payment-received" label="Received on" errors={errors.receivedOn}>
        {(control) => <input {...control} type="date" max={today} value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} className={inputClass} />}
      </FormField>
      <FormField id="payment-reference" label="Reference" hint="Optional: the remittance or bank reference." errors={errors.reference}>
        {(control) => <input {...control} maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} className={inputClass} />}
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending}>
        Record payment
      </Button>
    </form>
  );
}
