/**
 * @module web/qr-svg
 * QR codes drawn by the hub as SVG (the `qrcode` library's SVG renderer: paths only, no script, no
 * style attribute, so the console's CSP needs nothing extra), for receipts and printed packages.
 */
import QRCode from 'qrcode';
import { SafeHtml } from './html.js';

/** Level L: receipts are long (a signed JWT) and printed or shown on a screen, not worn outdoors. */
export async function qrSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
  // The library's output is its own markup; the label is escaped before it joins it.
  const escaped = label.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return new SafeHtml(svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" `));
}
