import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { PAYMENT_TERMS_LABELS } from "@/lib/contracts/labels";
import { formatDate, formatMoney, formatPeriod } from "@/lib/format";
import type { BillView } from "./queries";

export type PdfLine = { description: string; subAccountName: string; siteName: string | null; quantity: number; amountMinor: number; taxMinor: number };

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INK = rgb(0.09, 0.11, 0.16);
const MUTED = rgb(0.35, 0.38, 0.45);
const RULE = rgb(0.85, 0.87, 0.9);

const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
let fontFiles: Promise<{ regular: Uint8Array; bold: Uint8Array } | null> | null = null;

/**
 * DejaVu Sans (the dejavu-fonts-ttf package), read once: it covers Latin with every European
 * accent ("Łódź", "Kraków"), Greek and Cyrillic, which the PDF standard fonts (WinAnsi only) do
 * not. Embedded as a subset, so a bill carries only the glyphs it uses. Should the files be
 * missing from a deployment, the standard font is used and what it cannot show becomes "?".
 */
function loadFontFiles() {
  fontFiles ??= Promise.all([readFile(path.join(FONT_DIR, "DejaVuSans.ttf")), readFile(path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))])
    .then(([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }))
    .catch((error: unknown) => {
      console.warn("bill PDF: DejaVu Sans not found, using the standard font", error);
      return null;
    });
  return fontFiles;
}

async function embedFonts(doc: PDFDocument): Promise<{ font: PDFFont; bold: PDFFont }> {
  const files = await loadFontFiles();
  if (!files) return { font: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  doc.registerFontkit(fontkit);
  return { font: await doc.embedFont(files.regular, { subset: true }), bold: await doc.embedFont(files.bold, { subset: true }) };
}

/**
 * A bill as a PDF (pdf-lib, DejaVu Sans embedded as a subset): the legal entity's
 * registered details and tax id, the billing account and bill-to contact, the totals with tax,
 * paid and still to pay, the split by sub-account, every line (over as many pages as it takes,
 * headers repeated), the due date and payment terms. Built from the same view the bill page reads,
 * so it holds only what the reader may read.
 */
export async function billPdf(view: BillView, lines: PdfLine[], locale: string, timeZone: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { font, bold } = await embedFonts(doc);
  const { bill, account, legalEntity } = view;
  const money = (minor: number) => formatMoney(minor, bill.currency, locale);
  const period = formatPeriod(bill.periodStart, locale);
  doc.setTitle(`Bill ${bill.number} · ${account.name} · ${period}`);
  doc.setSubject(`Bill for ${period}`);
  doc.setCreator("Trellis");
  doc.setLanguage(locale);

  const writer = new Writer(doc, font, bold);
  writer.text(`Bill ${bill.number}`, { size: 18, font: bold });
  writer.text(`${account.name} · ${period}`, { size: 11, color: MUTED });
  writer.gap(10);

  writer.columns([
    [
      ["Billed to", true],
      [legalEntity?.name ?? "—", false],
      [`Registration: ${legalEntity?.registrationNumber ?? "—"}`, false],
      [`Tax id: ${legalEntity?.taxId ?? "—"}`, false],
      [`Country: ${legalEntity?.countryCode ?? "—"}`, false],
    ],
    [
      ["Billing account", true],
      [`${account.name}${account.code ? ` (${account.code})` : ""}`, false],
      ...(account.billToContact ? ([[`Attn: ${account.billToContact.name}`, false], [account.billToContact.email, false]] as [string, boolean][]) : []),
    ],
    [
      ["Terms", true],
      [`Issued: ${formatDate(bill.issuedAt, locale, timeZone)}`, false],
      [`Due: ${formatDate(bill.dueOn, locale)}`, false],
      [`Payment terms: ${PAYMENT_TERMS_LABELS[bill.paymentTerms]}`, false],
      [`Currency: ${bill.currency}`, false],
    ],
  ]);
  writer.gap(8);

  writer.heading("Summary");
  writer.table(
    [
      { header: "", width: 0.7 },
      { header: "", width: 0.3, right: true },
    ],
    [
      ["Net", money(bill.subtotalMinor)],
      ["Tax", money(bill.taxMinor)],
      ["Total", money(bill.totalMinor)],
      ["Paid", money(bill.paidMinor)],
      ["Still to pay", money(view.balanceMinor)],
      ...(view.disputedMinor > 0 ? [["Disputed (open)", money(view.disputedMinor)]] : []),
    ],
    { boldRows: new Set([2]), noHeader: true },
  );

  writer.heading("Split by sub-account");
  writer.table(
    [
      { header: "Sub-account", width: 0.46 },
      { header: "Net", width: 0.18, right: true },
      { header: "Tax", width: 0.18, right: true },
      { header: "Total", width: 0.18, right: true },
    ],
    [
      ...view.bySubAccount.map((r) => [r.name, money(r.amountMinor), money(r.taxMinor), money(r.totalMinor)]),
      ["Total", money(bill.subtotalMinor), money(bill.taxMinor), money(bill.totalMinor)],
    ],
    { boldRows: new Set([view.bySubAccount.length]) },
  );

  writer.heading(`Lines (${lines.length})`);
  writer.table(
    [
      { header: "Description", width: 0.34 },
      { header: "Cost centre", width: 0.18 },
      { header: "Site", width: 0.16 },
      { header: "Qty", width: 0.06, right: true },
      { header: "Net", width: 0.13, right: true },
      { header: "Tax", width: 0.13, right: true },
    ],
    lines.map((l) => [l.description, l.subAccountName, l.siteName ?? "—", String(l.quantity), money(l.amountMinor), money(l.taxMinor)]),
  );
  writer.gap(10);
  writer.text(`Please pay ${money(view.balanceMinor)} by ${formatDate(bill.dueOn, locale)} quoting ${bill.number}.`, { size: 10 });
  writer.footers();
  return doc.save();
}

type Column = { header: string; width: number; right?: boolean };

/** Lays text out top to bottom, starting a new page when the next row would not fit. */
class Writer {
  private page!: PDFPage;
  private y = 0;
  private readonly charset: Set<number>;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.charset = new Set(font.getCharacterSet());
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN + 16) this.newPage();
  }

  /** What the font has no glyph for (CJK in DejaVu Sans; most of Unicode in a standard font) becomes "?". */
  safe(text: string): string {
    return Array.from(text.replace(/[\u00a0\u202f\u2009]/g, " ").replace(/\u2212/g, "-"))
      .map((c) => (this.charset.has(c.codePointAt(0)!) ? c : "?"))
      .join("");
  }

  private fit(text: string, width: number, font: PDFFont, size: number): string {
    let t = this.safe(text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
    return `${t}…`;
  }

  gap(h: number) {
    this.y -= h;
  }

  text(text: string, { size = 10, font = this.font, color = INK }: { size?: number; font?: PDFFont; color?: ReturnType<typeof rgb> } = {}) {
    this.ensure(size + 4);
    this.y -= size + 4;
    this.page.drawText(this.fit(text, A4.width - 2 * MARGIN, font, size), { x: MARGIN, y: this.y, size, font, color });
  }

  heading(text: string) {
    this.gap(10);
    this.ensure(40);
    this.text(text, { size: 12, font: this.bold });
    this.gap(4);
  }

  columns(blocks: [string, boolean][][]) {
    const width = (A4.width - 2 * MARGIN) / blocks.length;
    const rows = Math.max(...blocks.map((b) => b.length));
    this.ensure(rows * 13 + 4);
    const top = this.y;
    blocks.forEach((block, i) =>
      block.forEach(([t, isBold], j) => {
        const font = isBold ? this.bold : this.font;
        this.page.drawText(this.fit(t, width - 8, font, 9), { x: MARGIN + i * width, y: top - (j + 1) * 13, size: 9, font, color: isBold ? INK : MUTED });
      }),
    );
    this.y = top - rows * 13 - 4;
  }

  table(columns: Column[], rows: string[][], options: { boldRows?: Set<number>; noHeader?: boolean } = {}) {
    const total = A4.width - 2 * MARGIN;
    const size = 8.5;
    const rowHeight = 13;
    const drawRow = (cells: string[], font: PDFFont, color = INK) => {
      let x = MARGIN;
      columns.forEach((c, i) => {
        const w = c.width * total;
        const t = this.fit(cells[i] ?? "", w - 6, font, size);
        const tx = c.right ? x + w - 3 - font.widthOfTextAtSize(t, size) : x + 3;
        this.page.drawText(t, { x: tx, y: this.y + 3.5, size, font, color });
        x += w;
      });
    };
    const header = () => {
      if (options.noHeader) return;
      this.y -= rowHeight;
      drawRow(
        columns.map((c) => c.header),
        this.bold,
        MUTED,
      );
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.6, color: RULE });
    };
    this.ensure(rowHeight * 3);
    header();
    rows.forEach((cells, i) => {
      if (this.y - rowHeight < MARGIN + 16) {
        this.newPage();
        header();
      }
      this.y -= rowHeight;
      drawRow(cells, options.boldRows?.has(i) ? this.bold : this.font);
    });
  }

  /** "Page n of m" on every page, once the number of pages is known. */
  footers() {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      const t = `Page ${i + 1} of ${pages.length}`;
      p.drawText(t, { x: A4.width - MARGIN - this.font.widthOfTextAtSize(t, 8), y: MARGIN - 20, size: 8, font: this.font, color: MUTED });
    });
  }
}
