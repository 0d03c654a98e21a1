import type { App, Plugin } from 'vue';
// Deep imports on purpose: the root `element-plus` entry builds its full installer at import
// time, which keeps all ~90 components in the bundle. Importing each component from its own
// module lets Rollup drop the rest (about a third of the JavaScript). Types may still come from
// 'element-plus' with `import type`.
import { ElAlert } from 'element-plus/es/components/alert/index.mjs';
import { ElBadge } from 'element-plus/es/components/badge/index.mjs';
import { ElButton } from 'element-plus/es/components/button/index.mjs';
import { ElCard } from 'element-plus/es/components/card/index.mjs';
import { ElCheckbox } from 'element-plus/es/components/checkbox/index.mjs';
import { ElCol } from 'element-plus/es/components/col/index.mjs';
import { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs';
import { ElContainer } from 'element-plus/es/components/container/index.mjs';
import { ElDatePicker } from 'element-plus/es/components/date-picker/index.mjs';
import { ElDescriptions } from 'element-plus/es/components/descriptions/index.mjs';
import { ElDialog } from 'element-plus/es/components/dialog/index.mjs';
import { ElDivider } from 'element-plus/es/components/divider/index.mjs';
import { ElDrawer } from 'element-plus/es/components/drawer/index.mjs';
import { ElImage } from 'element-plus/es/components/image/index.mjs';
import { ElProgress } from 'element-plus/es/components/progress/index.mjs';
import { ElTimeline } from 'element-plus/es/components/timeline/index.mjs';
import { ElUpload } from 'element-plus/es/components/upload/index.mjs';
import { ElDropdown } from 'element-plus/es/components/dropdown/index.mjs';
import { ElEmpty } from 'element-plus/es/components/empty/index.mjs';
import { ElForm } from 'element-plus/es/components/form/index.mjs';
import { ElIcon } from 'element-plus/es/components/icon/index.mjs';
import { ElInput } from 'element-plus/es/components/input/index.mjs';
import { ElInputNumber } from 'element-plus/es/components/input-number/index.mjs';
import { ElLoading } from 'element-plus/es/components/loading/index.mjs';
import { ElMenu } from 'element-plus/es/components/menu/index.mjs';
import { ElMessage } from 'element-plus/es/components/message/index.mjs';
import { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs';
import { ElPopover } from 'element-plus/es/components/popover/index.mjs';
import { ElRadio } from 'element-plus/es/components/radio/index.mjs';
import { ElResult } from 'element-plus/es/components/result/index.mjs';
import { ElRow } from 'element-plus/es/components/row/index.mjs';
import { ElScrollbar } from 'element-plus/es/components/scrollbar/index.mjs';
import { ElSelect } from 'element-plus/es/components/select/index.mjs';
import { ElSteps } from 'element-plus/es/components/steps/index.mjs';
import { ElSwitch } from 'element-plus/es/components/switch/index.mjs';
import { ElTable } from 'element-plus/es/components/table/index.mjs';
import { ElTabs } from 'element-plus/es/components/tabs/index.mjs';
import { ElTag } from 'element-plus/es/components/tag/index.mjs';
import { ElTooltip } from 'element-plus/es/components/tooltip/index.mjs';
import { ElTree } from 'element-plus/es/components/tree/index.mjs';
import { ElTreeSelect } from 'element-plus/es/components/tree-select/index.mjs';

export { ElLoading, ElMessage, ElMessageBox };

/**
 * The components the staff screens use (each also registers its parts: ElContainer brings
 * ElHeader/ElAside/ElMain, ElForm brings ElFormItem, ElSelect ElOption, ElTable ElTableColumn,
 * ElDropdown its menu and items, ElMenu ElMenuItem, ElRadio ElRadioGroup, ElDescriptions its
 * items). Add one here when a template starts using it.
 */
const plugins: Plugin[] = [
  ElAlert,
  ElBadge,
  ElButton,
  ElCard,
  ElCheckbox,
  ElCol,
  ElConfigProvider,
  ElContainer,
  ElDatePicker,
  ElDescriptions,
  ElDialog,
  ElDropdown,
  ElUpload,
  ElTimeline,
  ElProgress,
  ElImage,
  ElDivider,
  ElDrawer, // the staff menu on a phone
  ElEmpty,
  ElForm,
  ElIcon,
  ElInput,
  ElInputNumber,
  ElLoading, // the v-loading directive
  ElMenu,
  ElMessage, // so that messages and boxes opened from plain code share the app's context
  ElMessageBox,
  ElPopover,
  ElRadio,
  ElResult,
  ElRow,
  ElScrollbar,
  ElSelect,
  ElSteps, // with ElStep
  ElSwitch,
  ElTable,
  ElTabs, // with ElTabPane
  ElTag,
  ElTooltip,
  ElTree,
  ElTreeSelect,
];

export function installElementPlus(app: App): void {
  for (const plugin of plugins) app.use(plugin);
}
