// The floor for any Node proxy in front of the container on this machine: a bare node:http
// server that forwards every POST to the container's /invocations over a keep-alive agent and
// sends the answer back — no authentication, no routing, no metrics. Run as its own process, as
// Tessera's server is, and prints {"port": n} once it listens.
import { Agent, createServer, request } from 'node:http';

const target = new URL(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = {
      'content-type': req.headers['content-type'] ?? 'application/octet-stream',
      'content-length': String(body.length),
    };
    if (req.headers.accept) headers.accept = req.headers.accept;
    const out = request(
      { hostname: target.hostname, port: target.port, path: '/invocations', method: 'POST', agent, headers },
      (answer) => {
        const parts = [];
        answer.on('data', (c) => parts.push(c));
        answer.on('end', () => {
          const payload = Buffer.concat(parts);
          res.writeHead(answer.statusCode ?? 502, {
            'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
            'content-length': payload.length,
          });
          res.end(payload);
        });
      },
    );
    out.setNoDelay(true);
    out.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    out.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => process.exit(0));
