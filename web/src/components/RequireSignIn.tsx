import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Me } from '../api/types';
import { useSession } from '../lib/session';
import { PageFallback } from './Layout';

/** Renders its children with the signed-in user, or sends the visitor to sign in and back. */
export function RequireSignIn({ children }: { children: (me: Me) => ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageFallback />;
  if (!me) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children(me)}</>;
}
