import { ref, type Ref } from 'vue';
import type { FormInstance } from 'element-plus';
import { notifyError } from '@/api/http';

/** What has to pass before saving: an el-form's rules, or a check of the caller's own. */
export type FormCheck = Readonly<Ref<FormInstance | undefined>> | (() => boolean);

/**
 * One save at a time: check the form, then run `action` with `saving` set; a failure is
 * shown with notifyError. The success message, closing and `emit('saved')` stay in `action`.
 */
export function useFormSubmit(check: FormCheck, action: () => Promise<unknown>) {
  const saving = ref(false);

  async function passes(): Promise<boolean> {
    if (typeof check === 'function') return check();
    const form = check.value;
    return form ? form.validate().catch(() => false) : false;
  }

  async function submit(): Promise<void> {
    if (saving.value || !(await passes())) return;
    saving.value = true;
    try {
      await action();
    } catch (error) {
      notifyError(error);
    } finally {
      saving.value = false;
    }
  }

  return { saving, submit };
}
