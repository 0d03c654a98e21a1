import type { FormItemRule } from 'element-plus';
import { isStrongPassword } from './api';

type Translate = (key: string) => string;

/**
 * Form rules for choosing a new password and typing it again, mirroring the server's strength
 * rule. Used wherever a password is set: one's own, a new account, a reset.
 */
export function newPasswordRules(t: Translate, read: () => { password: string; current?: string }): { password: FormItemRule[]; confirm: FormItemRule[] } {
  return {
    password: [
      {
        required: true,
        trigger: 'blur',
        validator: (_rule, value: string, callback) => {
          if (!isStrongPassword(value ?? '')) callback(new Error(t('account.passwordRule')));
          else if (read().current !== undefined && value === read().current) callback(new Error(t('account.sameAsOld')));
          else callback();
        },
      },
    ],
    confirm: [
      {
        required: true,
        trigger: 'blur',
        validator: (_rule, value: string, callback) => (value === read().password ? callback() : callback(new Error(t('account.mismatch')))),
      },
    ],
  };
}
