/**
 * Starts a worker thread on a TypeScript file of this repository, for specs that exercise worker
 * threads without a build: the worker compiles what it requires with @swc/core (as jest does) and
 * resolves the `@app/<lib>` aliases as tsconfig.json does. Test support only; the built code starts
 * its compiled workers directly.
 */
const { Worker } = require('node:worker_threads');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/** A Worker running `file` (absolute, .ts) with the given workerData. */
function tsWorker(file, options = {}) {
  const bootstrap = `
    const { addHook } = require(${JSON.stringify(require.resolve('pirates'))});
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    const Module = require('node:module');
    const { join } = require('node:path');
    addHook(
      (code, filename) =>
        swc.transformSync(code, {
          filename,
          jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
          module: { type: 'commonjs' },
        }).code,
      { exts: ['.ts'] },
    );
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      const alias = /^@app\\/([^/]+)(\\/.*)?$/.exec(request);
      return resolve.call(this, alias ? join(${JSON.stringify(ROOT)}, 'libs', alias[1], 'src', alias[2] || '') : request, ...rest);
    };
    require(${JSON.stringify(file)});
  `;
  return new Worker(bootstrap, { ...options, eval: true });
}

module.exports = { tsWorker };
