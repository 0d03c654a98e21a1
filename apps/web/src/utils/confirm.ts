import { ElMessageBox } from '@/plugins/element';
import { t } from '@/i18n';

/** A yes/no question before a change; resolves false when the user cancels. */
export async function confirmAction(message: string, options: { danger?: boolean; confirmText?: string } = {}): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: options.confirmText ?? t('common.ok'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: options.danger ? 'el-button--danger' : undefined,
      closeOnClickModal: false,
      customClass: 'confirm-box',
    });
    return true;
  } catch {
    return false;
  }
}
