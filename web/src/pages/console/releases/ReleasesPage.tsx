import { AppFrame } from '../AppFrame';
import { BuildsSection } from './BuildsSection';
import { VersionsSection } from './VersionsSection';

/** Builds and versions of one app: upload, submit for review, release (phased or not). */
export function ReleasesPage() {
  return (
    <AppFrame section="Builds & versions">
      {(app) => (
        <>
          <VersionsSection bundleId={app.bundleId} />
          <BuildsSection bundleId={app.bundleId} />
        </>
      )}
    </AppFrame>
  );
}
