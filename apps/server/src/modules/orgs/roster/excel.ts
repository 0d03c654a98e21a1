// Loaded on first use: ExcelJS is the heaviest dependency and only rosters need it.
export const excel = async () => (await import('exceljs')).default;
