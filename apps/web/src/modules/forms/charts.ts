let loading: Promise<typeof import('./echarts')> | null = null;

/** ECharts with the pieces the results page uses, fetched on first use. */
export function loadECharts(): Promise<typeof import('./echarts')> {
  loading ??= import('./echarts');
  loading.catch(() => (loading = null));
  return loading;
}
