/**
 * Preloaded by the bench's in-process scripts (`--require`): outside Next's bundler, `next/navigation`
 * resolves to its client build, which needs React's client half; under the react-server condition
 * (which lib/ needs for "server-only") that half is absent. Next's bundler maps the import to the
 * server build for server code; this does the same for plain Node (by request or by resolved file,
 * as ES module imports arrive here already resolved).
 */
const Module = require("node:module");
const path = require("node:path");
const serverBuild = require.resolve("next/dist/client/components/navigation.react-server.js");
const clientEntry = require.resolve("next/navigation.js");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  return path.resolve(file) === clientEntry ? serverBuild : file;
};
