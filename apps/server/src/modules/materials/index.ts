/** The materials module's public face: check-comparison materials (对照检查材料), their versions and reviews. */
export { materialsPolicy, canReadMaterial, type MaterialAction } from './policy.js';
export { materialsRoutes } from './routes.js';
export { createMaterial, saveMaterial, submitMaterial } from './commands/write.js';
export { approveMaterial, commentMaterial, returnMaterial } from './commands/review.js';
export { materialDocx } from './export.js';
export type { MaterialTables } from './tables.js';
