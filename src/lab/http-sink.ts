// Why: the service on hostB that lab traffic tests use: GET /2M returns 2 MiB (a large TCP transfer), anything else a few bytes.
// Run as a program: node http-sink.js PORT

import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 8080);
const big = Buffer.alloc(2 * 1024 * 1024, 'gatewalk lab payload\n');

createServer((req, res) => {
  const body = req.url === '/2M' ? big : Buffer.from('gatewalk lab: hostB answers\n');
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(body.length) });
  res.end(body);
}).listen(port, '0.0.0.0');
