/** Query keys of the console, and one place that stores an app after any console change. */
import { useQueryClient } from '@tanstack/react-query';
import type { AppDetail } from '../../api/types';

export const myAppsKey = ['my-apps'];
export const consoleAppKey = (bundleId: string) => ['console-app', bundleId];

/** Keeps the edited app fresh and marks the lists and store pages that show it as stale. */
export function useAppUpdated(bundleId: string) {
  const qc = useQueryClient();
  return (app: AppDetail) => {
    qc.setQueryData(consoleAppKey(bundleId), app);
    void qc.invalidateQueries({ queryKey: myAppsKey });
    void qc.invalidateQueries({ queryKey: ['app', bundleId] });
  };
}
