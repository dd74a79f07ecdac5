import { Bar } from "@visx/shape";
import { scaleBand, scaleLinear } from "@visx/scale";
import { formatMoney } from "@/lib/format";

const WIDTH = 640;
const HEIGHT = 220;
const M = { top: 12, right: 8, bottom: 28, left: 72 };

/**
 * Twelve months of one currency's bills as bars (visx, drawn on the server: no chart code in the
 * browser). Each bar is a link to the bills behind it; the figures are also in a table under it
 * for whoever does not read charts.
 */
export function MonthChart({ id, currency, months, locale, hrefFor }: { id: string; currency: string; months: { month: string; totalMinor: number; bills: number }[]; locale: string; hrefFor: (month: string) => string }) {
  const max = Math.max(1, ...months.map((m) => m.totalMinor));
  const x = scaleBand<string>({ domain: months.map((m) => m.month), range: [M.left, WIDTH - M.right], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, max], range: [HEIGHT - M.bottom, M.top], nice: true });
  const ticks = y.ticks(3);
  const compact = (minor: number) => new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(minor / 100);
  const monthName = (m: string, style: "short" | "long") => new Date(`${m}-01T00:00:00Z`).toLocaleDateString(locale, { month: style, ...(style === "long" ? { year: "numeric" } : {}), timeZone: "UTC" });
  const total = months.reduce((n, m) => n + m.totalMinor, 0);
  return (
    <figure className="px-5 py-4">
      <figcaption id={`${id}-caption`} className="text-sm font-medium text-slate-800">
        Billed per month in {currency}, {monthName(months[0]!.month, "long")} to {monthName(months.at(-1)!.month, "long")}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="mt-2 h-auto w-full max-w-3xl" role="group" aria-labelledby={`${id}-caption`} aria-describedby={`${id}-desc`} data-testid={`chart-${currency}`}>
        <desc id={`${id}-desc`}>
          {`${formatMoney(total, currency, locale)} over twelve months; highest month ${formatMoney(max, currency, locale)}. Each bar links to that month's bills.`}
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize="11" fill="#475569">
              {compact(t)}
            </text>
          </g>
        ))}
        {months.map((m) => {
          const top = y(m.totalMinor);
          const label = `${monthName(m.month, "long")}: ${formatMoney(m.totalMinor, currency, locale)} in ${m.bills} bill${m.bills === 1 ? "" : "s"}`;
          return (
            <a key={m.month} href={hrefFor(m.month)} aria-label={label} className="[&:focus-visible>rect]:fill-brand-800 [&:hover>rect]:fill-brand-700">
              <title>{label}</title>
              <Bar x={x(m.month)} y={top} width={x.bandwidth()} height={Math.max(0, HEIGHT - M.bottom - top)} className="fill-brand-600" rx={2} />
              <text x={(x(m.month) ?? 0) + x.bandwidth() / 2} y={HEIGHT - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#475569">
                {monthName(m.month, "short")}
              </text>
            </a>
          );
        })}
      </svg>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">The figures</summary>
        <table className="mt-2 text-sm">
          <caption className="sr-only">Billed per month in {currency}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-6 text-left font-medium text-slate-600">
                Month
              </th>
              <th scope="col" className="pr-6 text-right font-medium text-slate-600">
                Bills
              </th>
              <th scope="col" className="text-right font-medium text-slate-600">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <td className="pr-6">{monthName(m.month, "long")}</td>
                <td className="pr-6 text-right tabular-nums">{m.bills}</td>
                <td className="text-right tabular-nums">{formatMoney(m.totalMinor, currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
