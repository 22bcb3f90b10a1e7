import { LayoutGrid, MessageSquareText, Plus, Rocket, Wallet } from 'lucide-react';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { RequireSignIn } from '../../components/RequireSignIn';

/** Developer console frame: only for developer accounts; the pages render in the outlet. */
export function ConsoleLayout() {
  return (
    <RequireSignIn>
      {(me) =>
        me.developer ? (
          <div className="container page console">
            <header className="console__head">
              <div>
                <p className="eyebrow">Developer console</p>
                <p className="console__dev">{me.developer.name}</p>
              </div>
              <nav className="segmented segmented--wrap" aria-label="Console">
                <NavLink to="/console" end className="segmented__item">
                  <LayoutGrid size={16} aria-hidden="true" /> My apps
                </NavLink>
                <NavLink to="/console/apps/new" className="segmented__item">
                  <Plus size={16} aria-hidden="true" /> New app
                </NavLink>
                <NavLink to="/console/reviews" className="segmented__item">
                  <MessageSquareText size={16} aria-hidden="true" /> Reviews
                </NavLink>
                <NavLink to="/console/revenue" className="segmented__item">
                  <Wallet size={16} aria-hidden="true" /> Revenue
                </NavLink>
              </nav>
            </header>
            <Outlet />
          </div>
        ) : (
          <div className="container page">
            <h1 className="sr-only">Developer console</h1>
            <EmptyState
              icon={Rocket}
              title="Publish your apps on Orchard"
              action={
                <Link to="/account" className="btn btn--primary">
                  Become a developer
                </Link>
              }
            >
              The developer console is for developer accounts. Turning yours into one takes a few seconds.
            </EmptyState>
          </div>
        )
      }
    </RequireSignIn>
  );
}
