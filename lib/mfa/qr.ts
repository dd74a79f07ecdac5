import "server-only";
import QRCode from "qrcode";

/**
 * The enrolment QR code as an SVG data URL, made on the server so that no QR library ships to the
 * browser (the page's img-src allows data: URLs).
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#0f172a", light: "#ffffff" } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
