/**
 * Preloaded into the CLI by test/helpers/sandbox.ts (`NODE_OPTIONS=--require …`):
 * - every way of reaching the network (sockets, DNS, http/https, fetch, UDP) is replaced
 *   by a function that records the attempt and throws;
 * - at exit, records the peak resident memory and whether Object.prototype was altered.
 * Records are JSON lines appended to the file named by CSS_SANDBOX_LOG.
 */
'use strict';
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const log = process.env.CSS_SANDBOX_LOG;
const record = (event) => fs.appendFileSync(log, JSON.stringify(event) + '\n');
record({ event: 'loaded' });

function blocked(what) {
  return function () {
    const target = [...arguments].slice(0, 2).map((a) => (typeof a === 'function' ? 'fn' : JSON.stringify(a) ?? String(a))).join(' ');
    record({ event: 'network', what, target });
    throw new Error(`network access blocked by the test sandbox: ${what}`);
  };
}

const net = require('node:net');
net.Socket.prototype.connect = blocked('net.Socket.prototype.connect');
net.connect = blocked('net.connect');
net.createConnection = blocked('net.createConnection');
const tls = require('node:tls');
tls.connect = blocked('tls.connect');
const dns = require('node:dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'reverse']) {
  dns[name] = blocked(`dns.${name}`);
  dns.promises[name] = blocked(`dns.promises.${name}`);
}
for (const mod of ['http', 'https', 'http2']) {
  const m = require(`node:${mod}`);
  for (const name of ['request', 'get', 'connect']) if (typeof m[name] === 'function') m[name] = blocked(`${mod}.${name}`);
}
const dgram = require('node:dgram');
dgram.createSocket = blocked('dgram.createSocket');
globalThis.fetch = blocked('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = blocked('WebSocket');
// `import { request } from 'node:http'` reads the ESM view of built-ins: bring it in line.
syncBuiltinESMExports();

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
process.on('exit', (code) => {
  record({
    event: 'exit',
    code,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    polluted: {}.polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== prototypeKeys,
  });
});
