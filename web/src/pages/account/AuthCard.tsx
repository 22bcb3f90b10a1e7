import type { ReactNode } from 'react';
import { Logo } from '../../components/Logo';

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
