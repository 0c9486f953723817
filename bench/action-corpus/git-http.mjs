// A git host on loopback for the corpus measure and the plan-check benchmark: git's own http-backend (smart HTTP)
// behind node's http server, serving the bare repositories under ROOT. Prints the base URL on its first line, then
// serves until it is stopped (SIGTERM or SIGINT).
//
// usage: node bench/action-corpus/git-http.mjs ROOT [PORT]
// With GIT_HTTP_LOG=FILE, each request is appended to FILE as "METHOD PATH?QUERY" (the benchmark counts them).
import { createServer } from "node:http";
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const [root, portText = "0"] = process.argv.slice(2);
if (!root) {
  console.error("usage: node bench/action-corpus/git-http.mjs ROOT [PORT]");
  process.exit(2);
}
const projectRoot = resolve(root);

const server = createServer((request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  if (process.env.GIT_HTTP_LOG) appendFileSync(process.env.GIT_HTTP_LOG, `${request.method} ${url.pathname}${url.search}\n`);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? "/",
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    REQUEST_METHOD: request.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: request.headers["content-type"] ?? "",
    REMOTE_ADDR: request.socket.remoteAddress ?? "127.0.0.1",
  };
  for (const [name, value] of Object.entries(request.headers)) {
    env[`HTTP_${name.toUpperCase().replaceAll("-", "_")}`] = String(value);
  }
  const backend = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "inherit"] });
  request.pipe(backend.stdin);
  backend.stdin.on("error", () => {});

  // CGI: header lines up to a blank line, then the body, which is streamed as it comes.
  let head = Buffer.alloc(0);
  let headerDone = false;
  backend.stdout.on("data", (chunk) => {
    if (headerDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n") >= 0 ? head.indexOf("\r\n\r\n") : head.indexOf("\n\n");
    if (end < 0) return;
    const separator = head[end] === 0x0d ? 4 : 2;
    let status = 200;
    for (const line of head.subarray(0, end).toString("latin1").split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    headerDone = true;
    response.write(head.subarray(end + separator));
  });
  backend.on("close", (code) => {
    if (!headerDone) {
      response.writeHead(500, { "Content-Type": "text/plain" });
      response.write(`git http-backend exited with ${code} before answering\n`);
    }
    response.end();
  });
});

server.listen(Number.parseInt(portText, 10), "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
