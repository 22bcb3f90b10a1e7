import { Link, NavLink } from 'react-router-dom';
import { useSession } from '../lib/session';
import { AccountMenu } from './AccountMenu';
import { Logo } from './Logo';
import { NotificationsBell } from './NotificationsBell';
import { SearchBox } from './SearchBox';

export function Header() {
  const { me, loading } = useSession();
  return (
    <header className="site-header">
      <div className="site-header__inner container">
        <Link to="/" className="logo" aria-label="Orchard home">
          <Logo />
          <span className="logo__text">Orchard</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
          <NavLink to="/" end>
            Discover
          </NavLink>
          <NavLink to="/categories">Categories</NavLink>
          <NavLink to="/charts">Charts</NavLink>
          {me?.developer && <NavLink to="/console">Console</NavLink>}
          {(me?.user.role === 'moderator' || me?.user.role === 'admin') && <NavLink to="/moderation">Moderation</NavLink>}
        </nav>
        <SearchBox />
        <div className="site-header__account">
          {loading ? (
            <span className="avatar avatar--loading" aria-hidden="true" />
          ) : me ? (
            <>
              <NotificationsBell userId={me.user.id} />
              <AccountMenu me={me} />
            </>
          ) : (
            <>
              <Link to="/signin" className="btn btn--ghost btn--sm">
                Sign in
              </Link>
              <Link to="/signup" className="btn btn--primary btn--sm">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
