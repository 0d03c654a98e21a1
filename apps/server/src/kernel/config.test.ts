import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('scheduler settings', () => {
  it('default to on, a minute between ticks and three days of grace', () => {
    const c = loadConfig({});
    expect({ scheduler: c.scheduler, tick: c.schedulerTickSeconds, grace: c.escalationGraceDays }).toEqual({ scheduler: true, tick: 60, grace: 3 });
  });

  it('are read from the environment', () => {
    const c = loadConfig({ MASSLINE_SCHEDULER: '0', MASSLINE_SCHEDULER_TICK_SECONDS: '15', MASSLINE_ESCALATION_GRACE_DAYS: '0' });
    expect({ scheduler: c.scheduler, tick: c.schedulerTickSeconds, grace: c.escalationGraceDays }).toEqual({ scheduler: false, tick: 15, grace: 0 });
    expect(loadConfig({ MASSLINE_SCHEDULER: 'false' }).scheduler).toBe(false);
    expect(loadConfig({ MASSLINE_SCHEDULER: '1' }).scheduler).toBe(true);
  });

  it('refuse what is not a whole number in range, naming the variable', () => {
    expect(() => loadConfig({ MASSLINE_ESCALATION_GRACE_DAYS: '-1' })).toThrow('MASSLINE_ESCALATION_GRACE_DAYS must be a whole number of at least 0, got "-1"');
    expect(() => loadConfig({ MASSLINE_ESCALATION_GRACE_DAYS: 'three' })).toThrow('MASSLINE_ESCALATION_GRACE_DAYS');
    expect(() => loadConfig({ MASSLINE_SCHEDULER_TICK_SECONDS: '0' })).toThrow('MASSLINE_SCHEDULER_TICK_SECONDS must be a whole number of at least 1, got "0"');
    expect(() => loadConfig({ MASSLINE_SCHEDULER_TICK_SECONDS: '1.5' })).toThrow('MASSLINE_SCHEDULER_TICK_SECONDS');
  });
});
