import { z } from 'zod';
import { Id } from '../common.js';

/**
 * Campaigns (教育实践活动) run by an office for its org subtree in phases with dates; the phase of
 * today is what every screen shows, and its settings say what is open (read by other modules).
 */

/** What a phase may open, read by the other modules' policies. */
export const phaseSettingKeys = ['rectification', 'secondEvaluation', 'materials', 'lifeMeetings'] as const;
export const PhaseSettings = z.strictObject({
  /** Rectification items may be made (from phase 2 in the template). */
  rectification: z.boolean().default(false),
  /** The second democratic evaluation (phase 3). */
  secondEvaluation: z.boolean().default(false),
  /** Check-comparison materials are written and reviewed. */
  materials: z.boolean().default(false),
  /** Democratic life / org life meetings are held. */
  lifeMeetings: z.boolean().default(false),
});
export type PhaseSettings = z.infer<typeof PhaseSettings>;

/** The three phases of the mass-line campaign (see DOMAIN.md). */
export const massLinePhases: { key: string; title: string; settings: PhaseSettings }[] = [
  { key: 'study_listen', title: '学习教育、听取意见', settings: { rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false } },
  { key: 'find_criticize', title: '查摆问题、开展批评', settings: { rectification: true, secondEvaluation: false, materials: true, lifeMeetings: true } },
  { key: 'rectify_institutionalize', title: '整改落实、建章立制', settings: { rectification: true, secondEvaluation: true, materials: false, lifeMeetings: false } },
];

const Day = z.iso.date();
const Title = z.string().trim().min(1).max(200);

export const PhaseInput = z.strictObject({
  key: z.string().trim().min(1).max(64).regex(/^[a-z0-9_]+$/),
  title: Title,
  startDay: Day,
  endDay: Day,
  settings: PhaseSettings.default({ rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false }),
});
export type PhaseInput = z.infer<typeof PhaseInput>;

export const CampaignCreateBody = z.strictObject({
  orgId: Id,
  title: Title,
  /** 'mass_line': the three phases, their titles and settings; only the dates are given. */
  template: z.enum(['mass_line', 'custom']).default('mass_line'),
  /** For the template, each phase's dates (title and settings may be changed); all of it for a custom campaign. */
  phases: z.array(z.strictObject({ key: PhaseInput.shape.key.optional(), title: Title.optional(), startDay: Day, endDay: Day, settings: PhaseSettings.optional() })).min(1).max(10),
});
export type CampaignCreateBody = z.infer<typeof CampaignCreateBody>;

export const CampaignUpdateBody = z.strictObject({
  title: Title.optional(),
  phases: z.array(PhaseInput).min(1).max(10).optional(),
});
export type CampaignUpdateBody = z.infer<typeof CampaignUpdateBody>;

export const Phase = z.object({ id: Id, seq: z.number().int(), key: z.string(), title: z.string(), startDay: z.string(), endDay: z.string(), settings: PhaseSettings });
export type Phase = z.infer<typeof Phase>;

export const Campaign = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  title: z.string(),
  template: z.enum(['mass_line', 'custom']),
  startDay: z.string(),
  endDay: z.string(),
  /** upcoming | running | ended, as of today. */
  state: z.enum(['upcoming', 'running', 'ended']),
  phases: z.array(Phase),
  /** The phase of today, if the campaign is running. */
  currentPhase: Phase.nullable(),
  abilities: z.array(z.enum(['manage'])),
});
export type Campaign = z.infer<typeof Campaign>;
export const CampaignList = z.object({ items: z.array(Campaign) });
export const CampaignListQuery = z.strictObject({ orgId: Id.optional() });
/** The campaign covering an org today (the nearest above it that is running) and its phase. */
export const CurrentCampaign = z.object({ campaign: Campaign.nullable() });
