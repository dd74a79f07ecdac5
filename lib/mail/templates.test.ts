import { describe, expect, it } from "vitest";
import { escapeHtml, findInvitationLink, invitationMail } from "./templates";

const link = `http://localhost:3000/invitations/${"A".repeat(40)}b_-`;

describe("the invitation mail", () => {
  const mail = invitationMail({
    name: "Nia <Newcomer>",
    inviterName: "Uma Kent",
    organisation: "Acme Corp",
    link,
    expiresAt: new Date("2026-11-04T10:00:00Z"),
    locale: "en-GB",
    timeZone: "Europe/London",
  });

  it("names who invited whom to what", () => {
    expect(mail.subject).toBe("Uma Kent invited you to Acme Corp on Trellis");
    expect(mail.text).toContain("Hello Nia <Newcomer>,");
    expect(mail.text).toContain("4 November 2026");
  });

  it("carries the accept link in both parts", () => {
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(findInvitationLink(mail.text)).toBe(link);
  });

  it("escapes what people typed in the HTML part", () => {
    expect(mail.html).toContain("Nia &lt;Newcomer&gt;");
    expect(mail.html).not.toContain("<Newcomer>");
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });

  it("finds no link in a mail without one", () => {
    expect(findInvitationLink("Hello, nothing to click here: http://localhost/invitations/short")).toBeNull();
  });
});
