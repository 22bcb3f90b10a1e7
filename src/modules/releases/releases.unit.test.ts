import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../platform/clock.js';
import { runChecks } from './checks.js';
import { inRollout, MAX_PAUSE_MS, PHASE_PERCENTAGES, rolloutView, userBucket } from './rollout.js';
import { compareOs, compareSemver, isSemver } from './semver.js';
import { nextState, TRANSITIONS } from './transitions.js';

describe('semantic versions', () => {
  it('orders versions the semver way', () => {
    const sorted = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    expect([...sorted].reverse().sort(compareSemver)).toEqual(sorted);
    expect(compareSemver('1.0.0+build.5', '1.0.0')).toBe(0);
    expect(isSemver('1.0')).toBe(false);
    expect(isSemver('01.0.0')).toBe(false);
  });
  it('compares OS versions with missing parts as zero', () => {
    expect(compareOs('14', '14.0.0')).toBe(0);
    expect(compareOs('14.2', '14.10')).toBeLessThan(0);
    expect(compareOs('15', '14.9.9')).toBeGreaterThan(0);
  });
});

describe('phased rollout', () => {
  const start = Date.parse('2026-03-01T00:00:00Z');
  const at = (days: number) => start + days * DAY_MS;
  const base = { startedAt: new Date(start).toISOString(), pausedAt: null, pausedMs: 0, haltedAt: null };

  it('steps through 1, 2, 5, 10, 20, 50 and 100% over seven days', () => {
    const seen = [0, 1, 2, 3, 4, 5, 6, 9].map((d) => rolloutView(base, at(d + 0.5)).percent);
    expect(seen).toEqual([...PHASE_PERCENTAGES, 100]);
    expect(rolloutView(base, at(6.5)).status).toBe('complete');
  });

  it('does not count paused time, and a pause ends by itself after 30 days', () => {
    const paused = { ...base, pausedAt: new Date(at(2.5)).toISOString() };
    expect(rolloutView(paused, at(10))).toMatchObject({ status: 'paused', percent: 5 });
    const long = rolloutView(paused, at(2.5) + MAX_PAUSE_MS + DAY_MS);
    expect(long.status).toBe('active');
    expect(long.pauseLeftMs).toBe(0);
    expect(long.percent).toBe(10); // one day of rollout since the pause ran out
  });

  it('a halted rollout offers the version to nobody', () => {
    const halted = rolloutView({ ...base, haltedAt: new Date(at(3.5)).toISOString() }, at(20));
    expect(halted).toMatchObject({ status: 'halted', percent: 10 });
    expect(inRollout(halted, 'anyone', 'app')).toBe(false);
  });

  it('puts users in stable buckets, spread evenly', () => {
    expect(userBucket('u1', 'a1')).toBe(userBucket('u1', 'a1'));
    const n = 20_000;
    let under10 = 0;
    for (let i = 0; i < n; i++) if (userBucket(`user-${i}`, 'app-1') < 10) under10++;
    expect(Math.abs(under10 / n - 0.1)).toBeLessThan(0.01);
    // raising the percentage only adds users
    for (let i = 0; i < 1000; i++) {
      const b = userBucket(`user-${i}`, 'app-2');
      const inAt = PHASE_PERCENTAGES.map((p) => b < p);
      expect(inAt.indexOf(true) === -1 || inAt.slice(inAt.indexOf(true)).every(Boolean)).toBe(true);
    }
  });
});

describe('version states', () => {
  it('allows only the moves in the table', () => {
    expect(nextState('PREPARE_FOR_SUBMISSION', 'submit')).toBe('WAITING_FOR_REVIEW');
    expect(nextState('IN_REVIEW', 'reject')).toBe('REJECTED');
    expect(() => nextState('WAITING_FOR_REVIEW', 'approve_release')).toThrow(/Cannot approve release/);
    expect(Object.keys(TRANSITIONS.DEVELOPER_REMOVED)).toEqual([]);
  });
});

describe('submission checks', () => {
  const app = {
    name: 'Notes',
    description: 'A notebook for ideas',
    iconUrl: '/media/x',
    screenshots: [{ position: 1, url: '', sha256: '' }],
    category: 'Books',
  };
  const build = {
    id: 'b',
    bundleId: 'com.x',
    version: '2.0.0',
    buildNumber: 2,
    platforms: ['phone' as const],
    minOs: {},
    sizeBytes: 1,
    sha256: '',
    releaseNotes: '',
    permissions: ['camera', 'location'],
    signedMetadata: '',
    createdAt: '',
  };
  it('flags new permissions without blocking, and blocks on missing parts', () => {
    const ok = runChecks({
      app,
      version: { version: '2.0.0', releaseNotes: 'New' },
      build,
      previous: { version: '1.0.0', permissions: ['camera'] },
      now: new Date(),
    });
    expect(ok.passed).toBe(true);
    expect(ok.permissionsAdded).toEqual(['location']);
    const bad = runChecks({
      app: { ...app, screenshots: [], iconUrl: null },
      version: { version: '3.0.0', releaseNotes: '' },
      build,
      previous: { version: '1.0.0', permissions: [] },
      now: new Date(),
    });
    expect(bad.passed).toBe(false);
    expect(bad.results.filter((r) => !r.ok).map((r) => r.name)).toEqual([
      'build_matches_version',
      'metadata_complete',
      'screenshots_present',
      'release_notes',
      'permissions_added',
    ]);
  });
});
