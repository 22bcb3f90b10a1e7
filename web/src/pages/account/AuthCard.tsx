import type { ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Logo } from '../../components/Logo';
import { useToast } from '../../components/Toast';
import { useLoadSession } from '../../lib/session';
import { safeNext } from '../../lib/validation';

/** The centred card that sign-in and sign-up share. */
export function AuthCard({ title, lead, children, footer }: { title: string; lead: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="container page auth-page">
      <div className="auth-card card">
        <Logo />
        <h1 className="auth-card__title">{title}</h1>
        <p className="muted">{lead}</p>
        {children}
        <p className="auth-card__footer">{footer}</p>
      </div>
    </div>
  );
}

/**
 * Where to go once signed in (`?next=`, same-site paths only), the link to the other auth page
 * that keeps it, and the finishing step: load the session, go on, greet.
 */
export function useAuthFlow() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const loadSession = useLoadSession();
  const toast = useToast();
  const keepNext = (path: string) => `${path}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
  const finish = async (greeting: string) => {
    await loadSession();
    navigate(next, { replace: true });
    toast(greeting);
  };
  return {
    finish,
    switchLink: (path: string, text: string) => <Link to={keepNext(path)}>{text}</Link>,
  };
}
