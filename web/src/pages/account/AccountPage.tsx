import { RequireSignIn } from '../../components/RequireSignIn';
import { usePageTitle } from '../../lib/usePageTitle';
import { ApiKeysSection } from './ApiKeysSection';
import { DeveloperSection } from './DeveloperSection';
import { ProfileSection } from './ProfileSection';

export function AccountPage() {
  usePageTitle('Account');
  return (
    <RequireSignIn>
      {(me) => (
        <div className="container page narrow">
          <h1 className="page-title">Account</h1>
          <div className="stack-lg">
            <ProfileSection me={me} />
            <DeveloperSection me={me} />
            {me.developer && <ApiKeysSection />}
          </div>
        </div>
      )}
    </RequireSignIn>
  );
}
