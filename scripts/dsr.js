#!/usr/bin/env node
/**
 * The `dsr` command (package.json `bin`): the operator cli, `dist/apps/cli/src/main.js`. Run from
 * a checkout (`npm link`, or `npm install -g .`), it first builds when dist/ is missing or older
 * than the sources (scripts/ensure-built.js), as `npm run cli` does; installed from a packed
 * tarball, which carries dist/ and no sources, it runs the cli at once.
 */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (existsSync(join(root, 'apps'))) {
  const code = require('./ensure-built').ensureBuilt(root);
  if (code !== 0) process.exit(code);
}
require(join(root, 'dist/apps/cli/src/main.js'));
