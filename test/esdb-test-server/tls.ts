/**
 * Certificates for a secure test node: a throwaway certificate authority and a node certificate
 * for 127.0.0.1 signed by it, made with the `openssl` command (`.ci/run` installs it), as an
 * operator makes them for a node with `es-gencert-cli`. A client trusts the node through
 * `tlsCAFile`, as it would a real one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** Path of the authority's certificate, for the connection string's `tlsCAFile`. */
  readonly caFile: string;
  readonly nodeKey: Buffer;
  readonly nodeCertificate: Buffer;
  /** Deletes the files. */
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-test-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', '/CN=esdb-test-ca');
  openssl('req', ...ec, '-keyout', at('node.key'), '-out', at('node.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(at('node.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('node.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('node.pem'),
    '-days',
    '2',
    '-extfile',
    at('node.ext'),
  );
  return {
    caFile: at('ca.pem'),
    nodeKey: readFileSync(at('node.key')),
    nodeCertificate: readFileSync(at('node.pem')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
