import { SegmentedLinks } from '../../components/SegmentedLinks';

/** Switches between the library and the purchase history. */
export function LibraryTabs({ current }: { current: 'apps' | 'purchases' }) {
  return (
    <SegmentedLinks
      label="Library views"
      items={[
        { label: 'My apps', to: '/library', current: current === 'apps' },
        { label: 'Purchase history', to: '/purchases', current: current === 'purchases' },
      ]}
    />
  );
}
