/** Subscription pages (account and console), loaded on demand (see routes.tsx). */
import './subscriptions.css';

export { ConsoleSubscriptionsPage } from './ConsoleSubscriptionsPage';
export { MySubscriptionsPage } from './MySubscriptionsPage';
