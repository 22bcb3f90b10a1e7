/** The account area, loaded on demand (see routes.tsx). */
export { AccountPage } from './AccountPage';
export { LibraryPage } from './LibraryPage';
export { NotificationsPage } from './NotificationsPage';
export { PurchasesPage } from './PurchasesPage';
export { SignInPage } from './SignInPage';
export { SignUpPage } from './SignUpPage';
