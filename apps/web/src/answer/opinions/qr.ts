/**
 * The receipt's QR code, drawn on the phone: `qrcode` is loaded only when the receipt is shown
 * (its own chunk, shared with the staff app), and the code never travels to draw it. A PNG rather
 * than an SVG: WeChat's long-press "save image" and "identify QR code" want a bitmap.
 */
export async function qrDataUrl(text: string, size = 480): Promise<string> {
  const qr = await import('qrcode');
  return qr.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size });
}

/** Copy text: the Clipboard API where the page may use it (https), else the old selection way. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (WeChat, permissions): try the old way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  document.body.appendChild(area);
  area.select();
  area.setSelectionRange(0, text.length);
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  return done;
}
