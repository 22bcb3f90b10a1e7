import { Boxes, FileText, MessageSquareText, Repeat, Rocket } from 'lucide-react';
import { NavLink } from 'react-router-dom';

/** The sections of one app in the console; each is its own URL so it can be linked and reloaded. */
export function AppTabs({ bundleId }: { bundleId: string }) {
  const base = `/console/apps/${encodeURIComponent(bundleId)}`;
  return (
    <nav className="segmented app-tabs" aria-label="App sections">
      <NavLink to={base} end className="segmented__item">
        <FileText size={16} aria-hidden="true" /> Listing
      </NavLink>
      <NavLink to={`${base}/releases`} className="segmented__item">
        <Rocket size={16} aria-hidden="true" /> Builds & versions
      </NavLink>
      <NavLink to={`${base}/products`} className="segmented__item">
        <Boxes size={16} aria-hidden="true" /> In-app products
      </NavLink>
      <NavLink to={`${base}/reviews`} className="segmented__item">
        <MessageSquareText size={16} aria-hidden="true" /> Reviews
      </NavLink>
      <NavLink to={`${base}/subscriptions`} className="segmented__item">
        <Repeat size={16} aria-hidden="true" /> Subscriptions
      </NavLink>
    </nav>
  );
}
