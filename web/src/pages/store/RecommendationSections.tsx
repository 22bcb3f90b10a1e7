import { useQuery } from '@tanstack/react-query';
import { chartsApi } from '../../api/charts';
import { AppGrid } from '../../components/AppTile';
import { Section } from '../../components/Section';
import { useSession } from '../../lib/session';

/** "Because you downloaded…", "Apps you might like" and "Popular in …" for a signed-in shopper. */
export function RecommendationSections() {
  const { me } = useSession();
  const q = useQuery({ queryKey: ['recommendations', me?.user.id], queryFn: chartsApi.recommendations, enabled: !!me, staleTime: 60_000 });
  if (!me || !q.data) return null;
  return (
    <>
      {q.data
        .filter((s) => s.apps.length > 0)
        .map((s) => (
          <Section
            key={`${s.type}:${s.reason}`}
            title={s.reason}
            more={s.type === 'popular' || s.type === 'popular_in_category' ? '/charts' : undefined}
          >
            <AppGrid apps={s.apps.slice(0, 6)} />
          </Section>
        ))}
    </>
  );
}

/** "You might also like" on an app page. */
export function SimilarApps({ bundleId }: { bundleId: string }) {
  const q = useQuery({ queryKey: ['similar', bundleId], queryFn: () => chartsApi.similar(bundleId), staleTime: 5 * 60_000 });
  if (!q.data || q.data.apps.length === 0) return null;
  return (
    <Section title="You might also like">
      <AppGrid apps={q.data.apps.slice(0, 6)} />
    </Section>
  );
}
