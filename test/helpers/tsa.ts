import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real RFC 3161 TSA on 127.0.0.1: `openssl ts -reply` behind a small HTTP server, with its own CA
 * made by openssl in `dir`. `mode` makes it fail (HTTP 500) or hang (never answer) on demand.
 */
export interface TestTsa {
  url: string;
  /** The test CA (PEM): the anchor to pin. */
  caPem: string;
  caFile: string;
  mode: 'ok' | 'fail' | 'hang';
  /** Queries answered. */
  answered: number;
  close(): Promise<void>;
}

const EXTENSIONS = `[ca_ext]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[tsa_ext]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`;

function tsaConfig(dir: string): string {
  return `[tsa]
default_tsa = tsa_config
[tsa_config]
dir = ${dir}
serial = ${dir}/serial
crypto_device = builtin
signer_cert = ${dir}/tsa.pem
certs = ${dir}/tsa.pem
signer_key = ${dir}/tsa-key.pem
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.2
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

/** Makes a CA and a TSA certificate with openssl in `dir` (CN names them by `name`). */
export async function makeOpensslCa(dir: string, name: string): Promise<{ caFile: string; caPem: string }> {
  await writeFile(join(dir, 'ext.cnf'), EXTENSIONS);
  const o = (...args: string[]) => run('openssl', args, { cwd: dir });
  await o('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  await o(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    `/CN=${name} test TSA root`,
    '-days',
    '3650',
    '-config',
    'ext.cnf',
    '-extensions',
    'ca_ext',
    '-out',
    'ca.pem',
  );
  await o('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'tsa.key');
  await o('pkcs8', '-topk8', '-nocrypt', '-in', 'tsa.key', '-out', 'tsa-key.pem');
  await o('req', '-new', '-key', 'tsa-key.pem', '-subj', `/CN=${name} test TSA`, '-out', 'tsa.csr');
  await o(
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '3650',
    '-extfile',
    'ext.cnf',
    '-extensions',
    'tsa_ext',
    '-out',
    'tsa.pem',
  );
  await writeFile(join(dir, 'serial'), '01\n');
  await writeFile(join(dir, 'tsa.cnf'), tsaConfig(dir));
  const caFile = join(dir, 'ca.pem');
  return { caFile, caPem: await readFile(caFile, 'utf8') };
}

/** Starts the TSA: a CA in `dir`, openssl answering each query, on 127.0.0.1 and a free port. */
export async function startTestTsa(dir: string, name = 'ai-evidence'): Promise<TestTsa> {
  const { caFile, caPem } = await makeOpensslCa(dir, name);
  let count = 0;
  const pending = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (tsa.mode === 'hang') {
        pending.add(() => res.destroy());
        return;
      }
      if (tsa.mode === 'fail' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('TSA unavailable');
        return;
      }
      const n = ++count;
      const query = join(dir, `q${n}.tsq`);
      const reply = join(dir, `r${n}.tsr`);
      try {
        await writeFile(query, Buffer.concat(chunks));
        await run('openssl', ['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', query, '-out', reply], { cwd: dir });
        tsa.answered++;
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(await readFile(reply));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tsa: TestTsa = {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem,
    caFile,
    mode: 'ok',
    answered: 0,
    close: async () => {
      for (const end of pending) end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return tsa;
}

/** A TSA that never gives a token, without openssl: it answers HTTP 500 (`fail`) or never answers (`hang`). */
export async function startDeadTsa(mode: 'fail' | 'hang'): Promise<{ url: string; close(): Promise<void> }> {
  const pending = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (mode === 'hang') pending.add(() => res.destroy());
      else res.writeHead(500, { 'content-type': 'text/plain' }).end('TSA unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    close: async () => {
      for (const end of pending) end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
