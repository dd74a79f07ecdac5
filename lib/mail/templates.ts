/**
 * The invitation mail: a plain-text part and an HTML part that say the same thing. Pure, so the
 * wording, the escaping and the link are unit-tested.
 */
export type InvitationMailInput = {
  name: string;
  inviterName: string;
  organisation: string;
  link: string;
  expiresAt: Date;
  locale?: string;
  timeZone?: string;
};

export type MailContent = { subject: string; text: string; html: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function formatExpiry(date: Date, locale = "en-GB", timeZone = "Europe/London"): string {
  try {
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function invitationMail(input: InvitationMailInput): MailContent {
  const expires = formatExpiry(input.expiresAt, input.locale, input.timeZone);
  const subject = `${input.inviterName} invited you to ${input.organisation} on Trellis`;
  const text = [
    `Hello ${input.name},`,
    "",
    `${input.inviterName} has invited you to the ${input.organisation} portal on Trellis, where your organisation manages its services, orders and bills.`,
    "",
    "To accept, choose a password here:",
    input.link,
    "",
    `This link works once and expires on ${expires}. If it has expired, ask ${input.inviterName} to send a new one.`,
    "",
    "If you were not expecting this invitation, you can ignore this message.",
    "",
    "— Trellis",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px">
    <tr><td style="padding:24px 28px">
      <p style="margin:0 0 16px;font-size:15px;font-weight:600">Trellis</p>
      <p style="margin:0 0 12px;font-size:14px;line-height:1.5">Hello ${e(input.name)},</p>
      <p style="margin:0 0 20px;font-size:14px;line-height:1.5">${e(input.inviterName)} has invited you to the <strong>${e(input.organisation)}</strong> portal on Trellis, where your organisation manages its services, orders and bills.</p>
      <p style="margin:0 0 20px"><a href="${e(input.link)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;font-size:14px;font-weight:600;padding:10px 16px;border-radius:6px">Accept invitation</a></p>
      <p style="margin:0 0 8px;font-size:13px;line-height:1.5;color:#475569">Or paste this link into your browser:<br><a href="${e(input.link)}" style="color:#2563eb;word-break:break-all">${e(input.link)}</a></p>
      <p style="margin:0 0 8px;font-size:13px;line-height:1.5;color:#475569">This link works once and expires on ${e(expires)}.</p>
      <p style="margin:16px 0 0;font-size:12px;color:#94a3b8">If you were not expecting this invitation, you can ignore this message.</p>
    </td></tr>
  </table>
</body>
</html>`;
  return { subject, text, html };
}

/** The invitation link inside a mail's text, for the outbox's "Open invitation link". */
export function findInvitationLink(text: string): string | null {
  const match = text.match(/https?:\/\/[^\s<>"']+\/invitations\/[A-Za-z0-9_-]{43}/);
  return match ? match[0] : null;
}

export type NotificationMailInput = { name: string; title: string; lines: string[]; link: string; action: string };

/**
 * A notification by mail: the same news as the bell, with a link to act on it. The caller words
 * the lines in the recipient's locale and time zone (amounts, dates); this only lays them out.
 */
export function notificationMail(input: NotificationMailInput): MailContent {
  const text = [`Hello ${input.name},`, "", ...input.lines, "", `${input.action}: ${input.link}`, "", "— Trellis"].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px">
    <tr><td style="padding:24px 28px">
      <p style="margin:0 0 16px;font-size:15px;font-weight:600">Trellis</p>
      <p style="margin:0 0 12px;font-size:14px;line-height:1.5">Hello ${e(input.name)},</p>
      ${input.lines.map((l) => `<p style="margin:0 0 12px;font-size:14px;line-height:1.5">${e(l)}</p>`).join("\n      ")}
      <p style="margin:8px 0 0"><a href="${e(input.link)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;font-size:14px;font-weight:600;padding:10px 16px;border-radius:6px">${e(input.action)}</a></p>
    </td></tr>
  </table>
</body>
</html>`;
  return { subject: input.title, text, html };
}
