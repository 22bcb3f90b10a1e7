/** The account area, loaded on demand (see routes.tsx). */
export { AccountPage } from './AccountPage';
export { SignInPage } from './SignInPage';
export { SignUpPage } from './SignUpPage';
