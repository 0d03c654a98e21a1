import type { Role } from '@massline/shared';

/** Chinese role names used in audit summaries (what people read). */
export const roleLabels: Record<Role, string> = {
  admin: '系统管理员', office: '领导小组办公室', secretary: '党组织书记/联络员', cadre: '党员干部', inspector: '督导组', surveyor: '走访员',
};

