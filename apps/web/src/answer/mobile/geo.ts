/** Where the phone is, once, for a field visit: never blocks recording the visit. */
export type Position = { lat: number; lng: number; accuracy: number };
export type PositionResult = { ok: true; position: Position } | { ok: false; reason: 'denied' | 'unavailable' | 'timeout' };

const TIMEOUT_MS = 15_000;

export function currentPosition(timeoutMs = TIMEOUT_MS): Promise<PositionResult> {
  return new Promise((resolve) => {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    // Browsers offer no position to a page served over plain http (other than localhost).
    if (!geo || (typeof window !== 'undefined' && window.isSecureContext === false)) return resolve({ ok: false, reason: 'unavailable' });
    let settled = false;
    const finish = (r: PositionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // The option's timeout starts only once permission is given; a prompt left unanswered needs our own.
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs + 5_000);
    try {
      geo.getCurrentPosition(
        (p) => finish({ ok: true, position: { lat: round(p.coords.latitude, 6), lng: round(p.coords.longitude, 6), accuracy: Math.min(100_000, Math.round(p.coords.accuracy)) } }),
        (e) => finish({ ok: false, reason: e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable' }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      finish({ ok: false, reason: 'unavailable' });
    }
  });
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
