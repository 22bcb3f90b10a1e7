import { BrainCircuit, FileClock, ListChecks, PackageCheck, ShieldAlert, ShieldCheck } from 'lucide-react';
import { NavLink, Outlet } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { RequireSignIn } from '../../components/RequireSignIn';

export const isModerator = (role: string) => role === 'moderator' || role === 'admin';

/** Moderation console frame: only for moderators and admins; the pages render in the outlet. */
export function ModerationLayout() {
  return (
    <RequireSignIn>
      {(me) =>
        isModerator(me.user.role) ? (
          <div className="container page console moderation">
            <header className="console__head">
              <div>
                <p className="eyebrow">Moderation console</p>
                <p className="console__dev">{me.user.displayName}</p>
              </div>
              <nav className="segmented segmented--wrap" aria-label="Moderation">
                <NavLink to="/moderation" end className="segmented__item">
                  <ListChecks size={16} aria-hidden="true" /> Review queue
                </NavLink>
                <NavLink to="/moderation/submissions" className="segmented__item">
                  <PackageCheck size={16} aria-hidden="true" /> App submissions
                </NavLink>
                <NavLink to="/moderation/incidents" className="segmented__item">
                  <ShieldAlert size={16} aria-hidden="true" /> Incidents
                </NavLink>
                <NavLink to="/moderation/model" className="segmented__item">
                  <BrainCircuit size={16} aria-hidden="true" /> Model
                </NavLink>
                <NavLink to="/moderation/audit" className="segmented__item">
                  <FileClock size={16} aria-hidden="true" /> Audit log
                </NavLink>
              </nav>
            </header>
            <Outlet />
          </div>
        ) : (
          <div className="container page">
            <h1 className="sr-only">Moderation console</h1>
            <EmptyState icon={ShieldCheck} title="For moderators only">
              The moderation console is for the store’s moderators and admins. Ask an admin if you need access.
            </EmptyState>
          </div>
        )
      }
    </RequireSignIn>
  );
}
