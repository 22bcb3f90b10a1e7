/**
 * The one route table. Store pages ship in the main bundle; the account area and the
 * developer console are loaded on demand so shoppers never download them.
 */
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { Layout, PageFallback } from './components/Layout';
import { RouteError } from './pages/RouteError';
import { AppPage } from './pages/store/AppPage';
import { CategoriesPage } from './pages/store/CategoriesPage';
import { CategoryPage } from './pages/store/CategoryPage';
import { ChartsPage } from './pages/store/ChartsPage';
import { DeveloperPage } from './pages/store/DeveloperPage';
import { HomePage } from './pages/store/HomePage';
import { NotFoundPage } from './pages/store/NotFoundPage';
import { SearchPage } from './pages/store/SearchPage';

const account = () => import('./pages/account');
const consolePages = () => import('./pages/console');
const moderationPages = () => import('./pages/moderation');
const subscriptionPages = () => import('./pages/subscriptions');

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while a lazily loaded page (account, console) loads on a direct visit.
    hydrateFallbackElement: <PageFallback />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'categories', element: <CategoriesPage /> },
      { path: 'category/:slug', element: <CategoryPage /> },
      { path: 'apps/:bundleId', element: <AppPage /> },
      { path: 'developers/:slug', element: <DeveloperPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'charts', element: <ChartsPage /> },
      {
        path: 'moderation/chart-incidents',
        lazy: () => import('./pages/moderation/ChartIncidentsPage').then((m) => ({ Component: m.ChartIncidentsPage })),
      },
      { path: 'signin', lazy: () => account().then((m) => ({ Component: m.SignInPage })) },
      { path: 'signup', lazy: () => account().then((m) => ({ Component: m.SignUpPage })) },
      { path: 'account', lazy: () => account().then((m) => ({ Component: m.AccountPage })) },
      { path: 'library', lazy: () => account().then((m) => ({ Component: m.LibraryPage })) },
      { path: 'purchases', lazy: () => account().then((m) => ({ Component: m.PurchasesPage })) },
      { path: 'notifications', lazy: () => account().then((m) => ({ Component: m.NotificationsPage })) },
      { path: 'account/subscriptions', lazy: () => subscriptionPages().then((m) => ({ Component: m.MySubscriptionsPage })) },
      {
        path: 'console',
        lazy: () => consolePages().then((m) => ({ Component: m.ConsoleLayout })),
        children: [
          { index: true, lazy: () => consolePages().then((m) => ({ Component: m.MyAppsPage })) },
          { path: 'apps/new', lazy: () => consolePages().then((m) => ({ Component: m.CreateAppPage })) },
          { path: 'apps/:bundleId', lazy: () => consolePages().then((m) => ({ Component: m.EditAppPage })) },
          { path: 'apps/:bundleId/releases', lazy: () => consolePages().then((m) => ({ Component: m.ReleasesPage })) },
          { path: 'apps/:bundleId/products', lazy: () => consolePages().then((m) => ({ Component: m.ProductsPage })) },
          { path: 'apps/:bundleId/reviews', lazy: () => consolePages().then((m) => ({ Component: m.AppReviewsPage })) },
          { path: 'reviews', lazy: () => consolePages().then((m) => ({ Component: m.AllReviewsPage })) },
          { path: 'revenue', lazy: () => consolePages().then((m) => ({ Component: m.RevenuePage })) },
          {
            path: 'apps/:bundleId/subscriptions',
            lazy: () => subscriptionPages().then((m) => ({ Component: m.ConsoleSubscriptionsPage })),
          },
          {
            path: 'apps/:bundleId/analytics',
            lazy: () => import('./pages/console/AppAnalyticsPage').then((m) => ({ Component: m.AppAnalyticsPage })),
          },
        ],
      },
      {
        path: 'moderation',
        lazy: () => moderationPages().then((m) => ({ Component: m.ModerationLayout })),
        children: [
          { index: true, lazy: () => moderationPages().then((m) => ({ Component: m.ReviewQueuePage })) },
          { path: 'submissions', lazy: () => moderationPages().then((m) => ({ Component: m.SubmissionsPage })) },
          { path: 'submissions/:id', lazy: () => moderationPages().then((m) => ({ Component: m.SubmissionPage })) },
          { path: 'incidents', lazy: () => moderationPages().then((m) => ({ Component: m.IncidentsPage })) },
          { path: 'model', lazy: () => moderationPages().then((m) => ({ Component: m.ModelPage })) },
          { path: 'audit', lazy: () => moderationPages().then((m) => ({ Component: m.AuditPage })) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
