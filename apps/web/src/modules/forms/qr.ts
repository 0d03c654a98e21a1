/**
 * QR codes drawn in the browser, with `qrcode` loaded only when a screen first needs one (the
 * distribution page, the slips), so the staff app's first load does not carry it. The same text
 * gives the same image: one sheet may show hundreds of slips, and the print copy reuses them.
 */
const cache = new Map<string, Promise<string>>();
let lib: Promise<typeof import('qrcode')> | null = null;

export function qrDataUrl(text: string, size = 240): Promise<string> {
  const key = `${size}:${text}`;
  let pending = cache.get(key);
  if (!pending) {
    lib ??= import('qrcode');
    pending = lib.then((qr) => qr.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: size }));
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
