/** What each orchard-client command does; the CLI wiring is in bin/orchard-client.mjs. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Api } from './api.mjs';
import { downloadPackage } from './download.mjs';
import { ClientError } from './errors.mjs';
import { appsDir, loadState, requireLogin, saveState } from './state.mjs';
import { verifySignedMetadata } from './verify.mjs';

const mb = (n) => (n / 1e6).toFixed(1);
const enc = encodeURIComponent;

export class Client {
  constructor(stateFile, out = console.log) {
    this.file = stateFile;
    this.state = loadState(stateFile);
    this.out = out;
  }

  save() {
    saveState(this.file, this.state);
  }

  api() {
    requireLogin(this.state);
    return new Api(this.state.server, this.state.token);
  }

  async login({ server, email, password, platform, osVersion }) {
    const api = new Api(server);
    const r = await api.post('/api/v1/auth/login', { email, password });
    const keys = (await api.get('/api/v1/builds/signing-keys')).body.keys;
    this.state = {
      ...this.state,
      server: api.server,
      token: r.body.token,
      user: { id: r.body.user.id, email: r.body.user.email, country: r.body.user.country },
      device: {
        platform: platform ?? this.state.device?.platform ?? 'desktop',
        osVersion: osVersion ?? this.state.device?.osVersion ?? defaultOsVersion(),
      },
      keys,
    };
    this.save();
    this.out(`Signed in to ${api.server} as ${r.body.user.email} (${this.state.device.platform} ${this.state.device.osVersion}).`);
  }

  logout() {
    this.state = { ...this.state, token: null, user: null };
    this.save();
    this.out('Signed out.');
  }

  async search(query, { limit = 10 } = {}) {
    const api = this.state.server ? new Api(this.state.server, this.state.token) : this.api();
    let r;
    try {
      r = await api.get(`/api/v1/search?q=${enc(query)}&limit=${limit}`);
    } catch (err) {
      if (err.status === 404 && err.code === 'route_not_found') throw new ClientError('Search is not available on this server yet.');
      throw err;
    }
    if (r.body.results.length === 0) return this.out(`No apps match "${query}".`);
    for (const a of r.body.results) {
      const price = a.priceMinor === 0 ? 'free' : `${(a.priceMinor / 100).toFixed(2)} ${a.currency}`;
      this.out(`${a.bundleId.padEnd(40)} ${a.name.slice(0, 30).padEnd(30)} ${String(a.ratingAverage ?? '').padStart(4)}★ ${price}`);
    }
    if (r.body.degraded) this.out('(results from the fallback search: the index is loading)');
  }

  /** Gets a free app or buys a paid one (Idempotency-Key kept until it succeeds, so a retry never charges twice). */
  async get(bundleId, { paymentToken = 'tok_ok' } = {}) {
    const api = this.api();
    const app = (await api.get(`/api/v1/apps/${enc(bundleId)}?country=${this.state.user?.country ?? 'US'}`)).body;
    const price = app.price ?? { priceMinor: app.priceMinor, currency: app.currency };
    const key = this.state.pending[bundleId] ?? `oc-${crypto.randomUUID()}`;
    this.state.pending[bundleId] = key;
    this.save();
    try {
      const r = await api.post('/api/v1/purchases', { bundleId, paymentToken }, { headers: { 'idempotency-key': key }, allow: [409] });
      if (r.status === 409 && r.body?.code !== 'already_owned')
        throw new ClientError(r.body?.title ?? 'The purchase conflicts; try again.');
      this.out(
        r.status === 409
          ? `You already own ${app.name}.`
          : `Bought ${app.name} for ${(price.priceMinor / 100).toFixed(2)} ${price.currency}.`,
      );
    } catch (err) {
      // purchases may not exist on this server (or not take free apps): free apps have their own "get"
      if (price.priceMinor !== 0 || !(err instanceof ClientError) || ![400, 404, 405, 422].includes(err.status)) {
        if (err.status === 404 && err.code === 'route_not_found') throw new ClientError('Buying is not available on this server yet.');
        throw err;
      }
      const r = await api.post(`/api/v1/apps/${enc(bundleId)}/get`);
      this.out(r.status === 201 ? `Got ${app.name} (free).` : `You already own ${app.name}.`);
    } finally {
      delete this.state.pending[bundleId];
      this.save();
    }
  }

  /** Downloads, verifies and installs the newest build this device may run. */
  async install(bundleId, opts = {}) {
    const api = this.api();
    const d = this.state.device ?? { platform: 'desktop', osVersion: defaultOsVersion() };
    const ticket = async () =>
      (await api.get(`/api/v1/apps/${enc(bundleId)}/download?platform=${d.platform}&osVersion=${enc(d.osVersion)}`)).body.download;
    const offer = opts.offer ?? (await ticket());
    const current = this.state.installed[bundleId];
    if (current && current.buildNumber >= offer.buildNumber && !opts.force) {
      this.out(`${bundleId} ${current.version} is installed and up to date.`);
      return;
    }
    await this.fetchAndPlace(offer, { ...opts, renewUrl: async () => (await ticket()).downloadUrl });
  }

  async fetchAndPlace(offer, { limitRate, renewUrl } = {}) {
    // the signature names the bytes before any byte moves; the download then must hash to them
    verifySignedMetadata(offer.signedMetadata, this.state.keys, {
      bundleId: offer.bundleId,
      version: offer.version,
      buildNumber: offer.buildNumber,
      sha256: offer.sha256,
      sizeBytes: offer.sizeBytes,
    });
    const dir = appsDir(this.file, this.state);
    fs.mkdirSync(dir, { recursive: true });
    const dest = path.join(dir, `${offer.bundleId}-${offer.version}.zip`);
    const bar = new cliProgress.SingleBar(
      { format: `${offer.bundleId} [{bar}] {percentage}% | {done}/{size} MB | {speed} MB/s`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const t0 = Date.now();
    let from = 0;
    const r = await downloadPackage({
      url: offer.downloadUrl,
      dest,
      sha256: offer.sha256,
      sizeBytes: offer.sizeBytes,
      limitRate,
      renewUrl,
      onStart: (have, total) => {
        from = have;
        if (have > 0) this.out(`Resuming ${offer.bundleId} at ${have} of ${total} bytes.`);
        bar.start(total, have, { done: mb(have), size: mb(total), speed: '0.0' });
      },
      onProgress: (done) => bar.update(done, { done: mb(done), speed: mb(((done - from) / Math.max(1, Date.now() - t0)) * 1000) }),
    }).finally(() => bar.stop());
    const old = this.state.installed[offer.bundleId];
    if (old?.path && old.path !== dest) fs.rmSync(old.path, { force: true });
    this.state.installed[offer.bundleId] = {
      version: offer.version,
      buildNumber: offer.buildNumber,
      sha256: offer.sha256,
      sizeBytes: offer.sizeBytes,
      path: dest,
      installedAt: new Date().toISOString(),
    };
    this.save();
    this.out(`Installed ${offer.bundleId} ${offer.version} (build ${offer.buildNumber}, ${mb(r.bytes)} MB, sha256 verified) → ${dest}`);
  }

  list() {
    const rows = Object.entries(this.state.installed);
    if (rows.length === 0) return this.out('No apps installed.');
    for (const [id, a] of rows.sort())
      this.out(`${id.padEnd(40)} ${a.version.padEnd(12)} build ${String(a.buildNumber).padEnd(8)} ${mb(a.sizeBytes)} MB`);
  }

  uninstall(bundleId) {
    const a = this.state.installed[bundleId];
    if (!a) throw new ClientError(`${bundleId} is not installed.`);
    fs.rmSync(a.path, { force: true });
    delete this.state.installed[bundleId];
    this.save();
    this.out(`Removed ${bundleId}.`);
  }

  async checkUpdates() {
    const api = this.api();
    const installed = Object.entries(this.state.installed).map(([bundleId, a]) => ({ bundleId, buildNumber: a.buildNumber }));
    if (installed.length === 0) return [];
    const updates = [];
    for (let i = 0; i < installed.length; i += 500) {
      const r = await api.post('/api/v1/updates/check', { ...this.state.device, installed: installed.slice(i, i + 500) });
      updates.push(...r.body.updates);
    }
    return updates;
  }

  async updates() {
    const list = await this.checkUpdates();
    if (list.length === 0) return this.out('Everything is up to date.');
    for (const u of list) {
      const from = this.state.installed[u.bundleId]?.version ?? '?';
      this.out(`${u.bundleId.padEnd(40)} ${from} → ${u.version} (build ${u.buildNumber}, ${mb(u.sizeBytes)} MB)`);
      if (u.permissionsAdded.length) this.out(`  asks for new permissions: ${u.permissionsAdded.join(', ')}`);
      if (u.releaseNotes) this.out(`  ${u.releaseNotes.split('\n')[0]}`);
    }
  }

  async update(bundleIds, { all, limitRate } = {}) {
    if (!all && bundleIds.length === 0) throw new ClientError('Name the apps to update, or pass --all.');
    const list = (await this.checkUpdates()).filter((u) => all || bundleIds.includes(u.bundleId));
    if (list.length === 0) return this.out('Everything is up to date.');
    const failures = [];
    for (const u of list) {
      try {
        await this.fetchAndPlace(u, {
          limitRate,
          renewUrl: async () => (await this.checkUpdates()).find((x) => x.bundleId === u.bundleId)?.downloadUrl ?? u.downloadUrl,
        });
      } catch (err) {
        failures.push(`${u.bundleId}: ${err.message}`);
      }
    }
    if (failures.length) throw new ClientError(`${failures.length} of ${list.length} updates failed:\n  ${failures.join('\n  ')}`);
  }
}

function defaultOsVersion() {
  return os.release().split('-')[0].split('.').slice(0, 3).join('.') || '1.0';
}
