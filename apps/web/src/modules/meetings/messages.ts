// Meetings' texts, merged into the app's messages as `meetings` (see i18n/zh-CN.ts).
// vue-i18n treats { } @ $ | as syntax: keep them out of plain text.
export const meetingsZh = {
  title: '会议活动',
  hint: '动员大会、集中学习、座谈会、民主生活会、组织生活会和专题讨论：出席、记录、附件和督导点评',
  kind: {
    mobilisation: '动员大会', study: '集中学习', forum_individual: '座谈会（个别听）', forum_group: '座谈会（集体谈）',
    democratic_life: '民主生活会', org_life: '组织生活会', topic_discussion: '专题讨论',
  },
  status: { present: '出席', leave: '请假', absent: '缺席' },
  field: {
    org: '组织', kind: '类型', title: '会议名称', day: '日期', startTime: '开始时间', hours: '时长（小时）', place: '地点', host: '主持人',
    name: '姓名', agenda: '议程', minutes: '会议记录', readings: '学习篇目', campaign: '所属活动', held: '已召开', attendance: '出席', spoke: '发言',
  },
  filter: { from: '日期从', to: '日期至', dateSep: '至' },
  list: { create: '记录会议', empty: '还没有会议记录', held: '已召开', planned: '未召开', attendance: '{present}/{expected} 人', open: '查看', total: '共 {n} 次' },
  form: {
    createTitle: '记录会议', editTitle: '修改会议信息', hoursHint: '集中学习的时长计入出席人员的学时', readingsHint: '从本次活动的必学书目中选择', noCampaign: '该日期没有进行中的活动，无法选择学习篇目',
    minutesHint: '填写会议记录后，会议即计为已召开', saved: '已保存', required: '请填写此项',
  },
  tab: { attendance: '出席情况', minutes: '会议记录', files: '附件', comments: '督导点评', opinions: '群众意见', criticism: '批评和自我批评', study: '学习内容' },
  attendance: {
    save: '保存出席情况', saved: '出席情况已保存', notRecorded: '尚未登记：{n} 人', addAll: '全部登记为出席', via: { staff: '登记', qr: '扫码签到' },
    inspector: '列席督导', makeup: '补学', makeupHours: '已补学 {h} 学时', makeupTitle: '登记补学', makeupSaved: '补学已登记', empty: '还没有登记出席人员',
    summary: '出席 {present} 人，共登记 {expected} 人',
  },
  signin: {
    open: '扫码签到', close: '结束签到', dialogTitle: '扫码签到', hint: '与会人员用手机登录本系统后扫描二维码签到；每次开启都会生成新的二维码，旧码随即失效。',
    closed: '签到已结束', refresh: '刷新签到名单', pageTitle: '会议签到', signing: '正在签到…', done: '签到成功', already: '您已经签到过了', backToMeeting: '查看会议',
  },
  minutes: { save: '保存记录', empty: '还没有会议记录', placeholder: '会议主要内容、发言要点、形成的意见和决定' },
  files: { upload: '上传附件', hint: '签到表、照片、PDF 或 Word 文件，不超过 10 MB', empty: '没有附件', remove: '删除', removeConfirm: '删除附件“{name}”？', uploaded: '附件已上传' },
  comments: { add: '发表点评', placeholder: '督导组对这次会议的意见和建议', empty: '还没有点评' },
  opinions: { add: '记录群众意见', hint: '群众在座谈会上提出的意见直接进入意见建议，并与本次座谈会关联', content: '意见内容', category: '类别', named: '留名', senderName: '姓名', senderPhone: '手机号', empty: '还没有记录意见', recorded: '意见已记录' },
  criticism: {
    hint: '仅与会人员、领导小组办公室和督导组可见', from: '提出人', to: '对象', self: '自我批评', content: '内容', response: '表态', addTitle: '记录批评或自我批评', add: '记录',
    completeness: '完整性检查', complete: '所有出席人员均已作自我批评，且相互之间均已提出批评意见', missingSelf: '尚未作自我批评：', missingPairs: '尚未提出批评意见：',
    pair: '{from} → {to}', raise: '列为问题', raised: '已列为问题', raiseTitle: '将批评意见列为问题', problemTitle: '问题标题', category: '类别', respond: '记录表态', empty: '还没有记录',
    participants: '出席 {n} 人',
  },
  study: { readings: '学习篇目', noReadings: '未选择学习篇目', makeups: '补学情况' },
  detail: { title: '会议详情', edit: '修改', back: '返回列表' },
};

export const meetingsEn: typeof meetingsZh = {
  title: 'Meetings',
  hint: 'Mobilisation meetings, study sessions, forums, democratic life and org life meetings, topic discussions: attendance, minutes, files and inspectors\' comments',
  kind: {
    mobilisation: 'Mobilisation meeting', study: 'Study session', forum_individual: 'Forum (one-to-one)', forum_group: 'Forum (group)',
    democratic_life: 'Democratic life meeting', org_life: 'Org life meeting', topic_discussion: 'Topic discussion',
  },
  status: { present: 'Present', leave: 'On leave', absent: 'Absent' },
  field: {
    org: 'Organisation', kind: 'Kind', title: 'Title', day: 'Date', startTime: 'Start time', hours: 'Length (hours)', place: 'Place', host: 'Host',
    name: 'Name', agenda: 'Agenda', minutes: 'Minutes', readings: 'Readings', campaign: 'Campaign', held: 'Held', attendance: 'Attendance', spoke: 'Spoke',
  },
  filter: { from: 'From', to: 'To', dateSep: 'to' },
  list: { create: 'Record a meeting', empty: 'No meetings yet', held: 'Held', planned: 'Not held', attendance: '{present}/{expected}', open: 'Open', total: '{n} in all' },
  form: {
    createTitle: 'Record a meeting', editTitle: 'Edit the meeting', hoursHint: 'A study session\'s length counts as study hours for those present', readingsHint: 'From the campaign\'s reading list', noCampaign: 'No campaign runs on this date: no readings to choose',
    minutesHint: 'Once minutes are written the meeting counts as held', saved: 'Saved', required: 'Required',
  },
  tab: { attendance: 'Attendance', minutes: 'Minutes', files: 'Files', comments: 'Comments', opinions: 'Residents\' opinions', criticism: 'Criticism', study: 'Study' },
  attendance: {
    save: 'Save attendance', saved: 'Attendance saved', notRecorded: 'Not recorded: {n}', addAll: 'Mark all present', via: { staff: 'Recorded', qr: 'QR sign-in' },
    inspector: 'Inspector', makeup: 'Make-up', makeupHours: 'Made up {h} h', makeupTitle: 'Record make-up study', makeupSaved: 'Make-up study recorded', empty: 'No attendance recorded yet',
    summary: '{present} present of {expected} recorded',
  },
  signin: {
    open: 'QR sign-in', close: 'Close sign-in', dialogTitle: 'QR sign-in', hint: 'Participants sign in to this system on their phones and scan the code; each opening makes a new code and the old one stops working.',
    closed: 'Sign-in closed', refresh: 'Refresh the list', pageTitle: 'Meeting sign-in', signing: 'Signing in…', done: 'Signed in', already: 'You have already signed in', backToMeeting: 'Open the meeting',
  },
  minutes: { save: 'Save minutes', empty: 'No minutes yet', placeholder: 'What was said and decided' },
  files: { upload: 'Upload a file', hint: 'Sign-in sheets, photos, PDF or Word files up to 10 MB', empty: 'No files', remove: 'Delete', removeConfirm: 'Delete the file "{name}"?', uploaded: 'File uploaded' },
  comments: { add: 'Comment', placeholder: 'The inspectors\' view of this meeting', empty: 'No comments yet' },
  opinions: { add: 'Record an opinion', hint: 'What residents say at a forum goes straight into the opinions, linked to this forum', content: 'Opinion', category: 'Category', named: 'Named', senderName: 'Name', senderPhone: 'Mobile', empty: 'No opinions recorded', recorded: 'Opinion recorded' },
  criticism: {
    hint: 'Visible to participants, the office and inspectors only', from: 'From', to: 'To', self: 'Self-criticism', content: 'Content', response: 'Response', addTitle: 'Record criticism or self-criticism', add: 'Record',
    completeness: 'Completeness', complete: 'Everyone present has made a self-criticism and criticised each other', missingSelf: 'No self-criticism yet: ', missingPairs: 'Not yet criticised: ',
    pair: '{from} → {to}', raise: 'Raise as problem', raised: 'Raised as a problem', raiseTitle: 'Raise as a problem', problemTitle: 'Problem title', category: 'Category', respond: 'Record response', empty: 'No entries yet',
    participants: '{n} present',
  },
  study: { readings: 'Readings', noReadings: 'No readings chosen', makeups: 'Make-up study' },
  detail: { title: 'Meeting', edit: 'Edit', back: 'Back to the list' },
};
