import { describe, expect, it } from 'vitest';
import { createAnonymousKeys } from './anonymous-key.js';

describe('anonymous rate-limit keys', () => {
  it('keys one address alike within the hour, and neither contains nor repeats it after the salt rotates', () => {
    let clock = Date.parse('2026-11-24T10:15:00Z');
    const keyOf = createAnonymousKeys(() => clock);
    const first = keyOf('203.0.113.7');
    expect(keyOf('203.0.113.7')).toBe(first);
    expect(keyOf('203.0.113.8')).not.toBe(first);
    expect(first).not.toContain('203');
    clock += 3_600_000;
    expect(keyOf('203.0.113.7')).not.toBe(first);
  });

  it('gives two servers different keys for the same address (the salt is random, not derived)', () => {
    expect(createAnonymousKeys()('198.51.100.1')).not.toBe(createAnonymousKeys()('198.51.100.1'));
  });
});
