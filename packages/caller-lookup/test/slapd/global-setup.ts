import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { AD_SCHEMA, ADMIN_DN, ADMIN_PASSWORD, BASE_DN, ldif } from './seed.js';

/** What the LDAP tests get through `inject('slapd')`. */
export interface SlapdInfo {
  url: string;
  ldapsUrl: string;
  ca: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    slapd: SlapdInfo;
  }
}

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Start a throwaway OpenLDAP slapd on two free loopback ports (plain + StartTLS, and LDAPS) with a
 * self-signed certificate, a slapd.conf and an MDB directory under a temp folder, seeded with slapadd.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(SLAPD)) {
    // `./kit test` runs scripts/services first; a bare `vitest` run installs here.
    const script = fileURLToPath(new URL('../../../../scripts/services/slapd.sh', import.meta.url));
    execFileSync('bash', [script], { stdio: 'inherit' });
  }
  const dir = await mkdtemp(join(tmpdir(), 'pbxkit-slapd-'));
  await mkdir(join(dir, 'data'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  await writeFile(join(dir, 'ad.schema'), AD_SCHEMA);
  const conf = join(dir, 'slapd.conf');
  await writeFile(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `include ${join(dir, 'ad.schema')}`,
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `TLSCertificateFile ${cert}`,
      `TLSCertificateKeyFile ${key}`,
      'database mdb',
      'maxsize 16777216',
      `suffix "${BASE_DN}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${ADMIN_PASSWORD}`,
      `directory ${join(dir, 'data')}`,
      // Only bound users may read: the provider's bind is part of what is tested.
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by users read by * none',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'seed.ldif'), ldif());
  execFileSync(SLAPADD, ['-f', conf, '-l', join(dir, 'seed.ldif')], { stdio: 'pipe' });

  let child: ChildProcess | undefined;
  let ports: [number, number] | undefined;
  // A port found free can be taken before slapd binds it: retry a few times.
  for (let attempt = 0; attempt < 5 && !ports; attempt++) {
    const candidate: [number, number] = [await freePort(), await freePort()];
    const proc = spawn(
      SLAPD,
      ['-f', conf, '-h', `ldap://127.0.0.1:${candidate[0]}/ ldaps://127.0.0.1:${candidate[1]}/`, '-d', '0'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) break;
      if ((await listening(candidate[0])) && (await listening(candidate[1]))) {
        child = proc;
        ports = candidate;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!ports) {
      proc.kill('SIGKILL');
      if (attempt === 4) throw new Error(`slapd did not start: ${stderr}`);
    }
  }
  if (!ports || !child) throw new Error('slapd did not start');
  project.provide('slapd', {
    url: `ldap://127.0.0.1:${ports[0]}`,
    ldapsUrl: `ldaps://127.0.0.1:${ports[1]}`,
    ca: await readFile(cert, 'utf8'),
  });
  const running = child;
  return async () => {
    await new Promise<void>((resolve) => {
      if (running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
      setTimeout(() => running.kill('SIGKILL'), 3000).unref();
    });
    await rm(dir, { recursive: true, force: true });
  };
}
