import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router-dom';

export interface ConsoleNavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Matches only this exact path (the console's home). */
  end?: boolean;
}

/** The frame of a console (developer, moderation): a heading with who is signed in, tabs, and the page. */
export function ConsoleFrame({
  title,
  navLabel,
  who,
  nav,
  className = '',
}: {
  title: string;
  /** Accessible name of the tabs. */
  navLabel: string;
  who: ReactNode;
  nav: ConsoleNavItem[];
  className?: string;
}) {
  return (
    <div className={`container page console ${className}`.trim()}>
      <header className="console__head">
        <div>
          <p className="eyebrow">{title}</p>
          <p className="console__dev">{who}</p>
        </div>
        <nav className="segmented segmented--wrap" aria-label={navLabel}>
          {nav.map(({ to, label, icon: Icon, end }) => (
            <NavLink key={to} to={to} end={end} className="segmented__item">
              <Icon size={16} aria-hidden="true" /> {label}
            </NavLink>
          ))}
        </nav>
      </header>
      <Outlet />
    </div>
  );
}
