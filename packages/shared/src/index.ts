export * from './common.js';
export * from './permissions.js';
export * from './identity.js';
export * from './customers.js';
export * from './search.js';
export * from './custom-fields.js';
export * from './imports.js';
export * from './saved-views.js';
