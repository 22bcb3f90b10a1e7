/**
 * Store constants shared with the server: one source of truth for the category list and
 * the storefronts (country → currency). Both server files are plain data with no imports.
 */

export { API_KEY_SCOPES } from '../../../src/modules/accounts/api-key-scopes.js';
export { categories, categorySlug } from '../../../src/modules/catalog/categories.js';
export { DEFAULT_COUNTRY, type Storefront, storefrontOf, storefronts } from '../../../src/platform/storefronts.js';
