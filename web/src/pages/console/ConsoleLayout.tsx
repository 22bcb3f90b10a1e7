import { LayoutGrid, MessageSquareText, Plus, Rocket, Wallet } from 'lucide-react';
import { Link } from 'react-router-dom';
import { ConsoleFrame } from '../../components/ConsoleFrame';
import { EmptyState } from '../../components/EmptyState';
import { RequireSignIn } from '../../components/RequireSignIn';

/** Developer console frame: only for developer accounts; the pages render in the outlet. */
export function ConsoleLayout() {
  return (
    <RequireSignIn>
      {(me) =>
        me.developer ? (
          <ConsoleFrame
            title="Developer console"
            navLabel="Console"
            who={me.developer.name}
            nav={[
              { to: '/console', label: 'My apps', icon: LayoutGrid, end: true },
              { to: '/console/apps/new', label: 'New app', icon: Plus },
              { to: '/console/reviews', label: 'Reviews', icon: MessageSquareText },
              { to: '/console/revenue', label: 'Revenue', icon: Wallet },
            ]}
          />
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
