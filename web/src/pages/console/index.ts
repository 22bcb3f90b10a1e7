/** The developer console, loaded on demand (see routes.tsx). */
export { ConsoleLayout } from './ConsoleLayout';
export { CreateAppPage } from './CreateAppPage';
export { EditAppPage } from './EditAppPage';
export { MyAppsPage } from './MyAppsPage';
