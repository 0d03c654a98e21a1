// Only what the results page draws: bar charts on a grid with tooltips, on canvas. This module is
// reached through a dynamic import (see charts.ts), so ECharts stays out of the first load.
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
export type { ECharts, EChartsCoreOption } from 'echarts/core';
