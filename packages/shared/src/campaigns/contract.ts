import { z } from 'zod';
import { Id, Day, plainText, text } from '../common.js';

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
export type PhaseSettingKey = (typeof phaseSettingKeys)[number];

/** What each setting opens, in words: the server's phase_closed message and the web's labels. */
export const phaseSettingLabels: Record<PhaseSettingKey, { 'zh-CN': string; en: string }> = {
  rectification: { 'zh-CN': '整改事项', en: 'rectification items' },
  secondEvaluation: { 'zh-CN': '第二次民主测评', en: 'the second democratic evaluation' },
  materials: { 'zh-CN': '对照检查材料', en: 'check-comparison materials' },
  lifeMeetings: { 'zh-CN': '民主生活会/组织生活会', en: 'democratic life and organisational life meetings' },
};

/** The three phases of the mass-line campaign (see DOMAIN.md). */
export const massLinePhases: { key: string; title: string; settings: PhaseSettings }[] = [
  { key: 'study_listen', title: '学习教育、听取意见', settings: { rectification: false, secondEvaluation: false, materials: false, lifeMeetings: false } },
  { key: 'find_criticize', title: '查摆问题、开展批评', settings: { rectification: true, secondEvaluation: false, materials: true, lifeMeetings: true } },
  { key: 'rectify_institutionalize', title: '整改落实、建章立制', settings: { rectification: true, secondEvaluation: true, materials: false, lifeMeetings: false } },
];

const Title = text().min(1).max(200);

export const PhaseInput = z.strictObject({
  key: text().min(1).max(64).regex(/^[a-z0-9_]+$/),
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

// ---------------------------------------------------------------- phase summaries (阶段总结)

/** The sections of a summary, in order; each is drafted from the data and edited as text. */
export const summarySectionKeys = ['overview', 'meetings', 'study', 'opinions', 'problems', 'rectification', 'next'] as const;
export type SummarySectionKey = (typeof summarySectionKeys)[number];
export const summarySectionTitles: Record<SummarySectionKey, string> = {
  overview: '基本情况', meetings: '会议召开情况', study: '学习教育情况', opinions: '征求意见情况',
  problems: '查摆问题情况', rectification: '整改落实情况', next: '下一步工作',
};

export const SummarySection = z.strictObject({
  key: z.enum(summarySectionKeys),
  title: text().min(1).max(100),
  body: plainText().max(20_000),
});
export type SummarySection = z.infer<typeof SummarySection>;

/** Whose summary: an org of the campaign's subtree (default: the campaign's org), a phase or (none) the whole campaign. */
export const SummaryQuery = z.strictObject({ orgId: Id.optional(), phaseId: Id.optional() });
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SummarySaveBody = z.strictObject({
  orgId: Id,
  /** null: the whole campaign's summary. */
  phaseId: Id.nullable(),
  title: Title,
  sections: z.array(SummarySection).min(1).max(summarySectionKeys.length)
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, { message: '每一部分只能出现一次' }),
});
export type SummarySaveBody = z.infer<typeof SummarySaveBody>;

const Counted = <K extends z.ZodType>(key: K) => z.array(z.object({ key, count: z.number().int() }));
/** The figures a draft is written from, as of now, for the period and the org's subtree. */
export const SummaryFigures = z.object({
  startDay: z.string(),
  endDay: z.string(),
  meetings: Counted(z.string()),
  study: z.object({
    sessions: z.number().int(),
    /** 人次 present at study sessions. */
    attendances: z.number().int(),
    minutes: z.number().int(),
    makeupMinutes: z.number().int(),
    members: z.number().int(),
    /** Hours per member of the subtree; null without members. */
    averageHours: z.number().nullable(),
  }),
  opinions: Counted(z.string()),
  problems: Counted(z.string()),
  rectification: z.object({
    items: z.number().int(),
    done: z.number().int(),
    verified: z.number().int(),
    overdue: z.number().int(),
    /** Done or verified, of all items, in percent. */
    rectifiedShare: z.number().nullable(),
    /** Weighted progress in percent. */
    progress: z.number().nullable(),
    verdicts: z.number().int(),
    /** Counted residents' verdicts satisfied or basically satisfied (满意率), in percent. */
    satisfaction: z.number().nullable(),
  }),
});
export type SummaryFigures = z.infer<typeof SummaryFigures>;

export const Summary = z.object({
  campaignId: Id,
  campaignTitle: z.string(),
  phaseId: Id.nullable(),
  phaseTitle: z.string().nullable(),
  orgId: Id,
  orgName: z.string(),
  title: z.string(),
  sections: z.array(SummarySection),
  figures: SummaryFigures,
  /** False: a draft from the data, not saved yet. */
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  abilities: z.array(z.enum(['write'])),
});
export type Summary = z.infer<typeof Summary>;

export const SummaryList = z.object({
  items: z.array(z.object({ orgId: Id, orgName: z.string(), phaseId: Id.nullable(), phaseTitle: z.string().nullable(), title: z.string(), updatedAt: z.string(), updatedBy: z.string().nullable() })),
  /** May the reader write a summary somewhere in this campaign (to offer the button). */
  canWrite: z.boolean(),
});
export type SummaryList = z.infer<typeof SummaryList>;
