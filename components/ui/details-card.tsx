import { Card, CardBody, CardHeader } from "./card";

/** A "Details" card: labelled facts about one thing, as a description list. */
export function DetailsCard({ facts, title = "Details", className }: { facts: [string, React.ReactNode][]; title?: string; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader title={title} />
      <CardBody>
        <dl className="space-y-3 text-sm">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt className="text-slate-500">{k}</dt>
              <dd className="mt-0.5 font-medium text-slate-800">{v}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
