/**
 * The one error shape of the API and the catalogue of its messages in each language.
 * Shared so that the web app can show the same words as the server.
 */
export type Lang = 'zh-CN' | 'en';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const errorCatalog = {
  bad_request: { status: 400, 'zh-CN': '请求格式有误', en: 'Malformed request' },
  invalid_json: { status: 400, 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  validation_failed: { status: 422, 'zh-CN': '提交的数据有误，请检查后重试', en: 'The submitted data is invalid' },
  body_too_large: { status: 413, 'zh-CN': '提交的内容过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' },
  not_found: { status: 404, 'zh-CN': '找不到请求的内容', en: 'Not found' },
  route_not_found: { status: 404, 'zh-CN': '没有这个接口', en: 'No such endpoint' },
  unauthenticated: { status: 401, 'zh-CN': '请先登录', en: 'Please sign in first' },
  forbidden: { status: 403, 'zh-CN': '您没有权限执行此操作', en: 'You are not allowed to do this' },
  csrf_failed: { status: 403, 'zh-CN': '请求来源校验失败，请刷新页面后重试', en: 'Request origin check failed; reload the page and try again' },
  invalid_credentials: { status: 401, 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: { status: 423, 'zh-CN': '密码错误次数过多，账户已锁定，请在 {minutes} 分钟后重试', en: 'Too many failed attempts: the account is locked; try again in {minutes} minutes' },
  password_change_required: { status: 403, 'zh-CN': '请先修改初始密码', en: 'Please change your initial password first' },
  account_disabled: { status: 403, 'zh-CN': '该账户已停用', en: 'This account is disabled' },
  too_many_requests: { status: 429, 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests; please wait and try again' },
  wrong_password: { status: 422, 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  weak_password: { status: 422, 'zh-CN': '新密码至少 8 位，且须同时包含字母和数字', en: 'The new password needs at least 8 characters with letters and digits' },
  username_taken: { status: 409, 'zh-CN': '用户名“{username}”已被使用', en: 'The username "{username}" is already taken' },
  person_has_account: { status: 409, 'zh-CN': '此人已有登录账户', en: 'This person already has an account' },
  org_cycle: { status: 422, 'zh-CN': '不能把组织移动到它自己或它的下级组织之下', en: 'An organisation cannot be moved under itself or its own descendants' },
  org_archived: { status: 409, 'zh-CN': '该组织已归档，不能进行此操作', en: 'The organisation is archived' },
  org_has_active_children: { status: 409, 'zh-CN': '请先归档其下级组织', en: 'Archive its child organisations first' },
  org_name_taken: { status: 409, 'zh-CN': '同一上级下已有名为“{name}”的组织', en: 'A sibling organisation is already named "{name}"' },
  grant_exists: { status: 409, 'zh-CN': '该授权已存在', en: 'This role grant already exists' },
  last_admin: { status: 409, 'zh-CN': '不能撤销最后一个系统管理员', en: 'The last system administrator cannot be removed' },
  membership_required: { status: 422, 'zh-CN': '人员至少要属于一个组织', en: 'A person must belong to at least one organisation' },
  roster_invalid: { status: 422, 'zh-CN': '花名册有 {count} 处错误，未导入任何数据', en: 'The roster has {count} errors; nothing was imported' },
  roster_unreadable: { status: 422, 'zh-CN': '无法读取文件，请上传 .xlsx 格式的花名册', en: 'The file could not be read; upload the roster as .xlsx' },
  xlsform_invalid: { status: 422, 'zh-CN': 'XLSForm 中有 {count} 处问题，未导入任何内容', en: 'The XLSForm has {count} problems; nothing was imported' },
  xlsform_unreadable: { status: 422, 'zh-CN': '无法读取文件，请上传含 survey 工作表的 XLSForm（.xlsx）文件', en: 'The file could not be read; upload an XLSForm (.xlsx) with a survey sheet' },
  form_not_draft: { status: 409, 'zh-CN': '问卷已发布，不能再修改；可以关闭或复制后修改', en: 'The form is no longer a draft; close it or copy it to change it' },
  form_not_open: { status: 409, 'zh-CN': '该问卷当前不接受填写', en: 'This form is not open for answers' },
  form_wrong_distribution: { status: 409, 'zh-CN': '该问卷不使用一次性测评码', en: 'This form does not use one-time codes' },
  code_required: { status: 422, 'zh-CN': '请输入测评码', en: 'Enter your one-time code' },
  code_invalid: { status: 422, 'zh-CN': '测评码无效，请核对后重新输入', en: 'This code is not valid; check it and try again' },
  code_used: { status: 409, 'zh-CN': '该测评码已经使用过', en: 'This code has already been used' },
  answers_invalid: { status: 422, 'zh-CN': '有 {count} 道题的回答需要修改', en: '{count} answers need correcting' },
  form_not_named: { status: 409, 'zh-CN': '该问卷不是实名填写，不能分派填写人', en: 'This form is not answered by named respondents' },
  already_answered: { status: 409, 'zh-CN': '您已经填写过这份问卷', en: 'You have already answered this form' },
  visit_required: { status: 422, 'zh-CN': '请选择走访结果（已完成、不在家或拒绝）', en: 'Choose the outcome of the visit (completed, not at home or refused)' },
  org_invalid: { status: 422, 'zh-CN': '链接中的组织不属于该问卷的范围', en: 'The organisation in the link is not within this form' },
  opinion_merged: { status: 409, 'zh-CN': '该意见已合并到另一条意见，请在那条意见上处理', en: 'This opinion was merged into another; handle it there' },
  opinion_merge_invalid: { status: 409, 'zh-CN': '不能这样合并：不能合并到自身，也不能合并到已合并的意见', en: 'These opinions cannot be merged: not into itself, nor into a merged opinion' },
  opinion_not_answered: { status: 409, 'zh-CN': '只有已答复的意见才能公开', en: 'Only answered opinions can be published' },
  attachment_type: { status: 422, 'zh-CN': '只能上传图片（JPG、PNG、WebP）或 PDF 文件', en: 'Only images (JPG, PNG, WebP) or PDF files can be attached' },
  attachments_full: { status: 409, 'zh-CN': '每条意见最多 {max} 个附件', en: 'An opinion takes at most {max} attachments' },
  receipt_unknown: { status: 404, 'zh-CN': '查询码不正确，请核对后重新输入', en: 'This receipt code is not right; check it and try again' },
  rule_invalid: { status: 422, 'zh-CN': '所选的制度规定不存在或已停用', en: 'The chosen rule does not exist or is archived' },
  rule_parent_invalid: { status: 422, 'zh-CN': '上级制度不存在或本身是一条条款（制度只分两级）', en: 'The parent rule does not exist or is itself a clause (rules have two levels)' },
  opinion_in_problem: { status: 409, 'zh-CN': '该意见已归入一个问题，一条意见只能归入一个问题', en: 'This opinion already feeds a problem; an opinion feeds at most one problem' },
  answer_in_problem: { status: 409, 'zh-CN': '该回答已经列为问题，不能重复列入', en: 'This answer has already been raised as a problem' },
  answer_not_raisable: { status: 422, 'zh-CN': '只有文字回答或低评价（评分在量表下半段，如 5 分制的 2 分及以下；“不满意”“差”“比较突出”）可以列为问题', en: 'Only a text answer or a low mark (a rating in the lower half of its scale, such as 2 or less out of 5, or a grade such as "dissatisfied" or "poor") can be raised as a problem' },
  owner_person_not_member: { status: 422, 'zh-CN': '责任人须是责任单位或其下级组织的成员', en: 'The person responsible must belong to the responsible organisation or one below it' },
  // rectification (整改)
  rect_problem_invalid: { status: 422, 'zh-CN': '所选问题不存在或您无权查看', en: 'A chosen problem does not exist or is out of your reach' },
  rect_deadline_past: { status: 422, 'zh-CN': '完成时限不能早于今天', en: 'The deadline cannot be before today' },
  rect_deadline_required: { status: 422, 'zh-CN': '请填写完成时限（立行立改的事项除外）', en: 'A deadline is required (unless fixed on the spot)' },
  rect_milestone_weights: { status: 422, 'zh-CN': '各节点权重之和须为 100（现为 {sum}）', en: 'Milestone weights must add up to 100 (they add up to {sum})' },
  rect_milestone_after_deadline: { status: 422, 'zh-CN': '节点“{title}”的日期晚于完成时限', en: 'Milestone "{title}" is due after the deadline' },
  rect_milestone_done_removed: { status: 409, 'zh-CN': '已完成的节点不能删除', en: 'A milestone already reached cannot be removed' },
  rect_milestone_unknown: { status: 422, 'zh-CN': '所选节点不属于该整改事项或已完成', en: 'A chosen milestone is not part of this item or is already reached' },
  rect_reason_required: { status: 422, 'zh-CN': '退回到之前的状态须写明原因', en: 'Moving an item back needs a reason' },
  rect_done_note_required: { status: 422, 'zh-CN': '标记完成或验收须写明做了什么、如何核实', en: 'Marking done or verified needs a note of what was done or checked' },
  rect_status_invalid: { status: 409, 'zh-CN': '不能从“{from}”直接改为“{to}”', en: 'An item cannot go from "{from}" to "{to}"' },
  rect_verify_own: { status: 403, 'zh-CN': '不能验收自己负责或自己标记完成的整改事项', en: 'You cannot verify an item you own or marked done yourself' },
  rect_attachments_full: { status: 409, 'zh-CN': '每个整改事项最多 {max} 个附件', en: 'An item takes at most {max} attachments' },
  rect_not_published: { status: 409, 'zh-CN': '事项尚未公示', en: 'The item is not published' },
  plan_status: { status: 409, 'zh-CN': '整改清单当前为“{status}”，不能执行此操作', en: 'The rectification list is "{status}"; this cannot be done now' },
  plan_empty: { status: 409, 'zh-CN': '整改清单还没有整改事项', en: 'The rectification list has no items yet' },
  verdict_not_open: { status: 409, 'zh-CN': '该事项尚未公示或尚未完成整改，暂不能评议', en: 'This item is not published or not done yet; verdicts are not open' },
  verdict_twice: { status: 409, 'zh-CN': '您已经评议过这项整改，谢谢', en: 'You have already given your verdict on this item, thank you' },
  verdict_code_required: { status: 422, 'zh-CN': '请输入评议码（印在评议票上）', en: 'Enter the verdict code printed on your slip' },
  verdict_code_unknown: { status: 404, 'zh-CN': '评议码不正确，请核对后重新输入', en: 'This verdict code is not right; check it and try again' },
  verdict_not_related: { status: 422, 'zh-CN': '这条意见与该整改事项无关', en: 'This opinion has nothing to do with this item' },
  regulation_problem_unreachable: { status: 422, 'zh-CN': '所选问题不存在或不在您的查看范围内，不能关联', en: 'The chosen problem does not exist or is out of your reach, so it cannot be linked' },
  regulation_problem_linked: { status: 409, 'zh-CN': '该问题已关联到这项制度，不能重复关联', en: 'This problem is already linked to this rule' },
  regulation_document_type: { status: 422, 'zh-CN': '制度文件只能是 PDF 或 Word（.docx）文件', en: 'The rule\'s document must be a PDF or a Word (.docx) file' },
  // campaigns (活动与阶段)
  campaign_phase_dates: { status: 422, 'zh-CN': '阶段“{title}”的结束日期早于开始日期', en: 'Phase "{title}" ends before it starts' },
  campaign_phase_overlap: { status: 422, 'zh-CN': '阶段“{first}”和“{second}”的日期重叠，各阶段须依次进行', en: 'Phases "{first}" and "{second}" overlap; phases run one after another' },
  campaign_template_phases: { status: 422, 'zh-CN': '三个阶段模板须依次给出三个阶段的日期', en: 'The three-phase template needs the dates of its three phases, in order' },
  campaign_phase_keys: { status: 422, 'zh-CN': '阶段标识“{key}”重复', en: 'Phase key "{key}" is used twice' },
  internal: { status: 500, 'zh-CN': '服务器内部错误，请稍后重试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, { status: number; 'zh-CN': string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** Fill `{name}` placeholders of a message. */
export function fillMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export function errorMessage(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  return fillMessage(errorCatalog[code][lang], params);
}
