import { nextTick, ref, type Ref } from 'vue';
import './print.css';

/**
 * Printing one sheet (a poster, a page of slips) instead of the whole screen: the sheet lives in
 * a PrintPortal (a child of <body>), and while printing only the active portal is shown. The
 * rest of the app prints as the page itself, without header and menu (see print.css).
 */
export function usePrintSheet(): { active: Ref<boolean>; print: () => Promise<void> } {
  const active = ref(false);
  async function print(): Promise<void> {
    active.value = true;
    document.body.classList.add('printing-portal');
    await nextTick();
    try {
      window.print();
    } finally {
      // print() returns once the dialog is closed (or at once where printing is not possible).
      document.body.classList.remove('printing-portal');
      active.value = false;
    }
  }
  return { active, print };
}

/** Print the page as it is (results): print.css drops the header, the menu and `.no-print`. */
export function printPage(): void {
  window.print();
}
