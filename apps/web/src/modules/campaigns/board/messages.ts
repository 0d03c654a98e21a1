// The progress board's texts, merged into the app's messages as `board` (see i18n/zh-CN.ts).
export const boardZh = {
  title: '规定动作进度',
  hint: '每个组织每项规定动作的完成情况，由会议记录、学时、问卷、材料审核、整改清单和制度登记自动判断；点击格子查看依据',
  campaign: '活动', scope: '范围', export: '导出 Excel', exportName: '规定动作进度.xlsx', noCampaign: '还没有教育实践活动', noTasks: '这次活动还没有规定动作',
  status: { done: '已完成', in_progress: '进行中', overdue: '已逾期', not_started: '未开始' },
  org: '组织', total: '完成', due: '{day} 前', phaseDone: '{done}/{n} 项次',
  tasks: { manage: '管理规定动作', template: '套用三个阶段的规定动作', add: '增加规定动作', remove: '删除', removeConfirm: '删除规定动作“{title}”？其完成情况的报送一并删除。', phase: '阶段', title: '名称', rule: '完成依据', orgKinds: '适用组织类型', allKinds: '全部组织', due: '完成时限', added: '已增加' },
  rule: {
    meeting: '召开会议', study_hours: '人均学时', form: '问卷答卷数', materials: '对照检查材料全部审核通过', rectification_plan: '整改清单审核通过并公示', rules: '建立制度', evidence: '报送材料由办公室确认',
    meetingKinds: '会议类型', minCount: '至少次数', minHours: '人均学时不少于', formKind: '问卷类型', minResponses: '答卷不少于',
  },
  cell: {
    title: '{org} · {task}', meetings: '相关会议', forms: '问卷答卷', study: '学时', studyLine: '成员 {members} 人，合计 {total} 学时，人均 {avg} 学时', materials: '对照检查材料', noMaterial: '未提交',
    plan: '整改清单', planLine: '状态：{status}，{published}', published: '已公示', unpublished: '未公示', rules: '建立的制度', evidence: '报送情况', none: '无',
    submit: '报送完成情况', note: '完成情况说明', confirm: '确认完成', reject: '退回', comment: '意见', submitted: '已报送', reviewed: '已处理',
    file: '附件', upload: '上传附件', replace: '更换附件', removeFile: '删除附件', uploaded: '附件已上传', fileHint: '图片、PDF 或 Word，不超过 10 MB',
  },
  evidence: { submitted: '待确认', confirmed: '已确认', rejected: '已退回' },
  materialStatus: { draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过' },
};

export const boardEn: typeof boardZh = {
  title: 'Required tasks',
  hint: 'Each org\'s progress on each required task, told by the meetings, study hours, questionnaires, materials, rectification lists and rules recorded; click a cell to see why',
  campaign: 'Campaign', scope: 'Scope', export: 'Export to Excel', exportName: 'required-tasks.xlsx', noCampaign: 'No campaign yet', noTasks: 'This campaign has no required tasks yet',
  status: { done: 'Done', in_progress: 'In progress', overdue: 'Overdue', not_started: 'Not started' },
  org: 'Organisation', total: 'Done', due: 'by {day}', phaseDone: '{done}/{n} cells',
  tasks: { manage: 'Manage tasks', template: 'Add the three phases\' tasks', add: 'Add a task', remove: 'Delete', removeConfirm: 'Delete the task "{title}"? Evidence given for it goes too.', phase: 'Phase', title: 'Title', rule: 'Completed by', orgKinds: 'For orgs of kind', allKinds: 'All orgs', due: 'Due', added: 'Added' },
  rule: {
    meeting: 'Meetings held', study_hours: 'Average study hours', form: 'Responses', materials: 'All materials approved', rectification_plan: 'Rectification list approved and published', rules: 'Rules made', evidence: 'Evidence confirmed by the office',
    meetingKinds: 'Meeting kinds', minCount: 'At least', minHours: 'Average hours at least', formKind: 'Form kind', minResponses: 'Responses at least',
  },
  cell: {
    title: '{org} · {task}', meetings: 'Meetings', forms: 'Responses', study: 'Study hours', studyLine: '{members} members, {total} hours in all, {avg} on average', materials: 'Materials', noMaterial: 'Not submitted',
    plan: 'Rectification list', planLine: 'Status: {status}, {published}', published: 'published', unpublished: 'not published', rules: 'Rules made', evidence: 'Evidence', none: 'None',
    submit: 'Submit evidence', note: 'What was done', confirm: 'Confirm', reject: 'Return', comment: 'Comment', submitted: 'Submitted', reviewed: 'Done',
    file: 'File', upload: 'Attach a file', replace: 'Replace the file', removeFile: 'Remove the file', uploaded: 'File attached', fileHint: 'Image, PDF or Word, up to 10 MB',
  },
  evidence: { submitted: 'waiting', confirmed: 'confirmed', rejected: 'returned' },
  materialStatus: { draft: 'Draft', submitted: 'Under review', returned: 'Returned', approved: 'Approved' },
};
