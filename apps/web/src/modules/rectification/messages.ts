// Rectification's texts, merged into the app's messages as `rectification` (see i18n/zh-CN.ts).
// vue-i18n treats { } @ $ | as syntax: keep them out of plain text.
export const rectificationZh = {
  title: '整改落实',
  hint: '每个问题都有整改措施、公开承诺、责任人和完成时限，进展有佐证，完成后由群众评议',
  status: { planned: '未开始', in_progress: '整改中', done: '已完成', verified: '已验收' },
  verdict: {
    solved: { solved: '解决', partly: '部分解决', unsolved: '未解决' },
    satisfied: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
    backing: { receipt: '凭查询码', callback: '回访', code: '凭评议码', open: '公开参考' },
    kind: { receipt: '凭查询码（含回访）', code: '凭评议码', open: '公开参考' },
    counted: '计票评议 {n} 票', rates: '解决率 {solved}，满意率 {satisfied}', byKind: '各类评议', countedTag: '计票', referenceTag: '参考',
    rule: '计票：{kinds}；至少 {n} 票计票评议、且超过半数认为未解决时，事项退回重新整改', none: '—',
  },
  overdue: '逾期',
  onTheSpot: '立行立改',
  published: '已公示',
  field: {
    title: '整改事项', status: '状态', owner: '责任单位 / 责任人', ownerOrg: '责任单位', ownerPerson: '责任人', deadline: '完成时限', progress: '进度',
    verdicts: '群众评议', published: '公示', problems: '针对的问题', measures: '整改措施', commitment: '公开承诺', weight: '权重', milestones: '进度节点',
  },
  filter: { overdue: '只看逾期', mine: '我负责的', search: '搜索事项、措施、承诺' },
  list: { create: '制定整改事项', empty: '还没有整改事项' },
  form: {
    createTitle: '制定整改事项', editTitle: '修改整改事项', problemsHint: '输入关键词查找问题，可选多个', problemsRequired: '请选择针对的问题',
    titleRequired: '请填写整改事项', measuresRequired: '请填写整改措施', commitmentRequired: '请填写向群众公开的承诺', commitmentHint: '用群众听得懂的话写：什么时候、做到什么',
    ownerRequired: '请选择责任单位', deadlineRequired: '请选择完成时限', spotHint: '当场就能解决的，直接记录做了什么，事项即为已完成',
    note: '做了什么', noteHint: '写明当场解决的情况，可在事项页补充照片', noteRequired: '请写明当场做了什么', saved: '已保存', created: '已制定整改事项“{title}”',
  },
  milestone: {
    title: '节点', due: '日期', weight: '权重', reached: '完成于', done: '已完成', add: '添加节点', remove: '删除节点',
    sum: '权重合计 {sum}%（须为 100%）', none: '未设节点：完成前进度为 0，完成后为 100%',
  },
  progress: {
    title: '报告进展', body: '进展情况', bodyRequired: '请填写进展情况', milestones: '完成的节点', evidence: '佐证材料', pick: '选择照片或 PDF',
    evidenceHint: '图片（JPG、PNG、WebP）或 PDF，每个不超过 10 MB；照片中的定位信息会被清除。公开前须经领导小组办公室审核',
    public: '向群众公开', publicHint: '事项公示后，这条进展会显示在公示页上', saved: '已报告进展',
  },
  move: {
    title: '{from} → {to}', start: '开始整改', done: '标记完成', verify: '验收', back: '退回整改', confirm: '确定',
    doneHint: '写明做了什么、达到了什么效果；完成后将请反映问题的群众评议', verifyHint: '写明如何核实（实地查看、走访群众等）；不能验收自己负责或自己标记完成的事项',
    backHint: '写明退回的原因，会记入事项的历史', reasonRequired: '请写明原因', saved: '已改为“{status}”',
  },
  callback: {
    title: '回访评议', hint: '电话或上门回访反映问题的群众，记录他们对整改的评价（每条意见每轮一次）', pick: '请选择回访的意见', none: '这些问题没有来自群众意见的来源',
    comment: '群众的原话（可不填）', saved: '已记录回访评议', changed: '已更新回访评议', reopened: '已记录；多数计票评议认为未解决，事项已退回整改',
    solvedAsk: '问题解决了吗？', satisfiedAsk: '满意吗？', answerRequired: '请选择是否解决、是否满意', named: '只能回访实名反映的群众；回访由上级办公室或督导组进行',
  },
  detail: {
    title: '整改事项', publish: '公示', withdraw: '撤回公示', publishedDone: '已公示', withdrawn: '已撤回公示', publicPage: '查看公示页',
    satisfaction: '满意率 {rate}%', noVerdicts: '还没有群众评议', verdictsLater: '事项完成后开始评议', timeline: '整改进展',
    released: '已公开', notReleased: '未公开', release: '公开', unrelease: '撤回',
  },
  timeline: { created: '制定', progress: '进展', status: '状态', milestone: '节点', reopened: '群众评议退回', published: '公示', edited: '修改', internal: '内部' },
  plan: {
    title: '整改清单', open: '整改清单', docTitle: '{org}整改清单', comment: '审核意见', isPublished: '已公示',
    status: { draft: '编制中', submitted: '待审核', approved: '已审核', returned: '已退回' },
    submit: '报送审核', approve: '审核通过', return: '退回修改', returnPrompt: '请写明需要修改的地方', returnRequired: '请填写退回意见',
    publish: '公示清单', withdraw: '撤回公示', print: '打印', submitted: '已报送审核', approved: '已审核通过', returned: '已退回',
    publishedDone: '清单已公示', withdrawn: '已撤回公示', publicAt: '公示页：', empty: '本单位还没有整改事项',
    codes: '生成评议码', codesPrompt: '生成多少个评议码（每码对每个事项计一票，再次评议会更新原来的评议）', codesInvalid: '请输入 1～1000', codesMade: '已生成 {n} 个评议码，请打印后发放',
    codesSheet: '评议码（只显示这一次，请立即打印）', slipTitle: '{org}整改评议码',
    col: { no: '序号', problem: '问题', measures: '整改措施', owner: '责任人', deadline: '完成时限', progress: '进展' },
  },
  rule: {
    title: '评议计票规则', hint: '哪些群众评议计票、多少票可以退回整改，由上级决定', kinds: '计票的评议', reopenMin: '最少票数',
    reopenMinHint: '至少这么多票计票评议、且超过半数认为未解决时，事项退回重新整改', burst: '公开评议每小时提醒阈值',
    burstHint: '一小时内某事项的公开评议超过这个数，提醒领导小组办公室留意刷票', save: '保存规则', saved: '已保存计票规则',
    readonly: '计票规则由上级决定', inherited: '目前沿用上级的规则', kindsRequired: '至少选择一类计票的评议',
  },
  trail: { items: '整改事项', noItems: '还没有针对这个问题的整改事项', rules: '建立的制度', noRules: '还没有因这个问题建立或修订的制度', verdicts: '计票评议 {n} 票，解决率 {solved}，满意率 {rate}' },
  board: {
    title: '进度总览', hint: '按权重汇总：事项 → 单位 → 全局；逾期按今天计算；评议为计票评议', items: '事项', satisfaction: '满意率', solvedRate: '解决率', verdicts: '计票评议',
    dragging: '拖后腿的事项（逾期最久的在前，其次是最快到期的）', noneDragging: '没有未完成的事项',
  },
  flags: {
    title: '公示纠错', hint: '群众对整改公示提出的纠错，答复会显示在公示页上', body: '纠错内容', day: '日期', answer: '答复',
    reply: '答复', dismiss: '驳回', answerPrompt: '答复内容（会在公示页上显示）', dismissPrompt: '驳回理由', answerRequired: '请填写内容', done: '已处理',
  },
};

export const rectificationEn: typeof rectificationZh = {
  title: 'Rectification',
  hint: 'Each problem gets measures, a public commitment, an owner and a deadline; progress comes with evidence; residents judge the result',
  status: { planned: 'Not started', in_progress: 'In progress', done: 'Done', verified: 'Verified' },
  verdict: {
    solved: { solved: 'Solved', partly: 'Partly solved', unsolved: 'Not solved' },
    satisfied: { satisfied: 'Satisfied', basic: 'Mostly satisfied', unsatisfied: 'Not satisfied' },
    backing: { receipt: 'Receipt', callback: 'Call-back', code: 'Verdict code', open: 'Open (reference)' },
    kind: { receipt: 'Receipt (call-backs included)', code: 'Verdict code', open: 'Open (reference)' },
    counted: '{n} counted verdicts', rates: '{solved} solved, {satisfied} satisfied', byKind: 'By kind', countedTag: 'counted', referenceTag: 'reference',
    rule: 'Counted: {kinds}; with at least {n} counted verdicts, more than half saying not solved, the item is sent back', none: '—',
  },
  overdue: 'Overdue',
  onTheSpot: 'Fixed on the spot',
  published: 'Published',
  field: {
    title: 'Item', status: 'Status', owner: 'Owner', ownerOrg: 'Owner unit', ownerPerson: 'Person responsible', deadline: 'Deadline', progress: 'Progress',
    verdicts: 'Verdicts', published: 'Public', problems: 'Problems', measures: 'Measures', commitment: 'Public commitment', weight: 'Weight', milestones: 'Milestones',
  },
  filter: { overdue: 'Overdue only', mine: 'Mine', search: 'Search items, measures, commitments' },
  list: { create: 'New item', empty: 'No rectification items yet' },
  form: {
    createTitle: 'New rectification item', editTitle: 'Edit item', problemsHint: 'Type to find problems; pick one or more', problemsRequired: 'Choose the problems it fixes',
    titleRequired: 'Enter the item', measuresRequired: 'Enter the measures', commitmentRequired: 'Enter the commitment made to residents', commitmentHint: 'In plain words: by when, what will be done',
    ownerRequired: 'Choose the owner unit', deadlineRequired: 'Choose a deadline', spotHint: 'Fixed there and then: record what was done and the item is done',
    note: 'What was done', noteHint: 'What was fixed on the spot; photos can be added on the item page', noteRequired: 'Say what was done', saved: 'Saved', created: 'Item "{title}" created',
  },
  milestone: {
    title: 'Milestone', due: 'Date', weight: 'Weight', reached: 'Reached', done: 'Reached', add: 'Add milestone', remove: 'Remove milestone',
    sum: 'Weights add up to {sum}% (must be 100%)', none: 'No milestones: 0% until done, then 100%',
  },
  progress: {
    title: 'Report progress', body: 'Progress', bodyRequired: 'Describe the progress', milestones: 'Milestones reached', evidence: 'Evidence', pick: 'Choose photos or PDF',
    evidenceHint: 'Images (JPG, PNG, WebP) or PDF, 10 MB each at most; location data is removed from photos. The office reviews them before they are public',
    public: 'Public', publicHint: 'Once the item is published this update shows on its public page', saved: 'Progress reported',
  },
  move: {
    title: '{from} → {to}', start: 'Start', done: 'Mark done', verify: 'Verify', back: 'Send back', confirm: 'Confirm',
    doneHint: 'Say what was done and what it achieved; the residents who raised the problem will be asked for their verdict', verifyHint: 'Say how it was checked (site visit, residents asked…); you cannot verify an item you own or marked done',
    backHint: 'Say why; it goes into the item\'s history', reasonRequired: 'Give a reason', saved: 'Now "{status}"',
  },
  callback: {
    title: 'Call-back verdict', hint: 'Call or visit the residents who raised the problem and record their verdict (one per opinion and round)', pick: 'Choose the opinion', none: 'These problems have no opinions as sources',
    comment: 'The resident\'s words (optional)', saved: 'Verdict recorded', changed: 'Call-back verdict updated', reopened: 'Recorded; most counted verdicts say not solved, so the item was sent back',
    solvedAsk: 'Was the problem solved?', satisfiedAsk: 'Satisfied?', answerRequired: 'Choose whether it was solved and whether they are satisfied', named: 'Only residents who gave their name can be called back; call-backs are made by the level above or an inspector',
  },
  detail: {
    title: 'Rectification item', publish: 'Publish', withdraw: 'Withdraw', publishedDone: 'Published', withdrawn: 'Withdrawn', publicPage: 'Public page',
    satisfaction: '{rate}% satisfied', noVerdicts: 'No verdicts yet', verdictsLater: 'Verdicts open once the item is done', timeline: 'Progress',
    released: 'Public', notReleased: 'Not public', release: 'Release', unrelease: 'Take back',
  },
  timeline: { created: 'Created', progress: 'Progress', status: 'Status', milestone: 'Milestone', reopened: 'Reopened by verdicts', published: 'Publication', edited: 'Edited', internal: 'Internal' },
  plan: {
    title: 'Rectification list', open: 'Rectification list', docTitle: 'Rectification list of {org}', comment: 'Review comment', isPublished: 'Published',
    status: { draft: 'Draft', submitted: 'Under review', approved: 'Approved', returned: 'Returned' },
    submit: 'Submit for review', approve: 'Approve', return: 'Return', returnPrompt: 'What should be changed?', returnRequired: 'Enter a comment',
    publish: 'Publish list', withdraw: 'Withdraw', print: 'Print', submitted: 'Submitted for review', approved: 'Approved', returned: 'Returned',
    publishedDone: 'List published', withdrawn: 'Withdrawn', publicAt: 'Public page:', empty: 'This unit has no items yet',
    codes: 'Verdict codes', codesPrompt: 'How many codes (each code gives one vote per item; judging again changes it)?', codesInvalid: 'Enter 1 to 1000', codesMade: '{n} codes made: print and hand them out',
    codesSheet: 'Verdict codes (shown this once: print them now)', slipTitle: 'Verdict code, {org}',
    col: { no: 'No.', problem: 'Problem', measures: 'Measures', owner: 'Owner', deadline: 'Deadline', progress: 'Progress' },
  },
  rule: {
    title: 'Verdict counting rule', hint: 'Which residents\' verdicts count, and how many send an item back, is decided by the level above', kinds: 'Verdicts counted', reopenMin: 'Minimum votes',
    reopenMinHint: 'With at least this many counted verdicts, more than half saying not solved, the item is sent back for rework', burst: 'Open verdicts per hour before a warning',
    burstHint: 'More open verdicts than this on one item within an hour warns the office of possible vote stuffing', save: 'Save rule', saved: 'Counting rule saved',
    readonly: 'The counting rule is decided by the level above', inherited: 'Inherited from the level above for now', kindsRequired: 'Choose at least one kind',
  },
  trail: { items: 'Rectification items', noItems: 'No rectification items for this problem yet', rules: 'Rules made', noRules: 'No rules made or revised because of this problem yet', verdicts: '{n} counted verdicts, {solved} solved, {rate} satisfied' },
  board: {
    title: 'Progress overview', hint: 'Weighted: item → unit → campaign; overdue as of today; counted verdicts only', items: 'Items', satisfaction: 'Satisfied', solvedRate: 'Solved', verdicts: 'Counted verdicts',
    dragging: 'Items holding it back (longest overdue first, then those due soonest)', noneDragging: 'No unfinished items',
  },
  flags: {
    title: 'Flags on disclosures', hint: 'Errors residents flag on published items; answers show on the public page', body: 'Flag', day: 'Day', answer: 'Answer',
    reply: 'Answer', dismiss: 'Dismiss', answerPrompt: 'Answer (shown on the public page)', dismissPrompt: 'Reason for dismissing', answerRequired: 'Enter a text', done: 'Done',
  },
};
