export * from './errors.js';
export * from './common.js';
export * from './auth/contract.js';
export * from './orgs/contract.js';
export * from './audit/contract.js';
export * from './forms/definition.js';
export * from './forms/answers.js';
export * from './forms/contract.js';
