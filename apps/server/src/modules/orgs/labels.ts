import type { OrgKind, Role } from '@massline/shared';

/** Chinese labels used in audit summaries and spreadsheets (what people read). */
export const roleLabels: Record<Role, string> = {
  admin: '系统管理员', office: '领导小组办公室', secretary: '党组织书记/联络员', cadre: '党员干部', inspector: '督导组', surveyor: '走访员',
};

export const orgKindLabels: Record<OrgKind, string> = {
  committee: '党委', agency: '机关支部', village: '村党支部', community: '社区党支部', enterprise: '企业支部', school: '学校支部', other: '其他',
};
