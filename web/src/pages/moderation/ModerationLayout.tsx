import { BrainCircuit, FileClock, ListChecks, PackageCheck, ShieldAlert, ShieldCheck } from 'lucide-react';
import { ConsoleFrame } from '../../components/ConsoleFrame';
import { EmptyState } from '../../components/EmptyState';
import { RequireSignIn } from '../../components/RequireSignIn';

export const isModerator = (role: string) => role === 'moderator' || role === 'admin';

/** Moderation console frame: only for moderators and admins; the pages render in the outlet. */
export function ModerationLayout() {
  return (
    <RequireSignIn>
      {(me) =>
        isModerator(me.user.role) ? (
          <ConsoleFrame
            title="Moderation console"
            navLabel="Moderation"
            who={me.user.displayName}
            className="moderation"
            nav={[
              { to: '/moderation', label: 'Review queue', icon: ListChecks, end: true },
              { to: '/moderation/submissions', label: 'App submissions', icon: PackageCheck },
              { to: '/moderation/incidents', label: 'Incidents', icon: ShieldAlert },
              { to: '/moderation/model', label: 'Model', icon: BrainCircuit },
              { to: '/moderation/audit', label: 'Audit log', icon: FileClock },
            ]}
          />
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
