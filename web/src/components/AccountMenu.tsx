/** The signed-in user's menu in the header: account, developer console, sign out. */
import { useMutation } from '@tanstack/react-query';
import { ChevronDown, LayoutGrid, Library, LogOut, Receipt, Repeat, ShieldCheck, UserRound } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { accountsApi } from '../api/accounts';
import type { Me } from '../api/types';
import { useRefreshSession } from '../lib/session';
import { useOnNavigate } from '../lib/useOnNavigate';
import { useToast } from './Toast';

export function AccountMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const refresh = useRefreshSession();
  const toast = useToast();
  const signOut = useMutation({
    mutationFn: accountsApi.signOut,
    onSuccess: async () => {
      // Leave signed-in-only pages before the session disappears under them.
      navigate('/');
      await refresh(null);
      toast('You’re signed out.', 'info');
    },
    onError: () => toast('Could not sign out. Try again.', 'error'),
  });

  useOnNavigate(() => setOpen(false));
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => ref.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="account-menu" ref={ref}>
      <button
        type="button"
        className="account-menu__button"
        aria-label={`Account menu: ${me.user.displayName}`}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {me.user.displayName.trim()[0]?.toUpperCase() ?? '?'}
        </span>
        <span className="account-menu__name">{me.user.displayName}</span>
        <ChevronDown size={16} aria-hidden="true" />
      </button>
      <div id={menuId} className="account-menu__panel" hidden={!open}>
        <p className="account-menu__who">
          Signed in as
          <br />
          <strong>{me.user.email}</strong>
        </p>
        <Link to="/account" className="account-menu__item">
          <UserRound size={18} aria-hidden="true" /> Account
        </Link>
        <Link to="/library" className="account-menu__item">
          <Library size={18} aria-hidden="true" /> My apps
        </Link>
        <Link to="/purchases" className="account-menu__item">
          <Receipt size={18} aria-hidden="true" /> Purchase history
        </Link>
        <Link to="/account/subscriptions" className="account-menu__item">
          <Repeat size={18} aria-hidden="true" /> Subscriptions
        </Link>
        {me.developer && (
          <Link to="/console" className="account-menu__item">
            <LayoutGrid size={18} aria-hidden="true" /> Developer console
          </Link>
        )}
        {(me.user.role === 'moderator' || me.user.role === 'admin') && (
          <Link to="/moderation" className="account-menu__item">
            <ShieldCheck size={18} aria-hidden="true" /> Moderation console
          </Link>
        )}
        <button type="button" className="account-menu__item" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          <LogOut size={18} aria-hidden="true" /> Sign out
        </button>
      </div>
    </div>
  );
}
