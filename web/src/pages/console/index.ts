/** The developer console, loaded on demand (see routes.tsx). */
export { ConsoleLayout } from './ConsoleLayout';
export { CreateAppPage } from './CreateAppPage';
export { EditAppPage } from './EditAppPage';
export { MyAppsPage } from './MyAppsPage';
export { ProductsPage } from './products/ProductsPage';
export { ReleasesPage } from './releases/ReleasesPage';
export { RevenuePage } from './revenue/RevenuePage';
export { AllReviewsPage, AppReviewsPage } from './reviews/ReviewsPages';
