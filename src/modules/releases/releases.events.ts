/** Events published by the releases module (see docs/events.md). Payloads carry ids. */
import type { VersionState } from './releases.tables.js';

export interface BuildCreated {
  buildId: string;
  appId: string;
  bundleId: string;
  version: string;
  buildNumber: number;
}

export interface VersionStateChanged {
  versionId: string;
  appId: string;
  bundleId: string;
  developerId: string;
  version: string;
  from: VersionState | null;
  to: VersionState;
  action: string;
}

export interface VersionReleased {
  versionId: string;
  appId: string;
  bundleId: string;
  version: string;
  buildId: string;
  phased: boolean;
}

export interface RolloutChanged {
  versionId: string;
  appId: string;
  bundleId: string;
  action: 'pause' | 'resume' | 'halt' | 'complete' | 'auto_resume';
}

declare module '../../platform/events/types.js' {
  interface EventMap {
    'build.created': BuildCreated;
    'version.state_changed': VersionStateChanged;
    'version.released': VersionReleased;
    'version.rollout_changed': RolloutChanged;
  }
}
