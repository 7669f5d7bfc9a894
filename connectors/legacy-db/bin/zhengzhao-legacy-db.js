#!/usr/bin/env node
// The command npm links at install time, before the build has written dist/: it only loads the
// built CLI, so `npx zhengzhao-legacy-db` works after `npm ci` (whose prepare step builds).
import '../dist/cli.js';
