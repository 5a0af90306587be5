#!/usr/bin/env node
// The admin CLI, built by `npm run build` into dist/apps/enrollctl.
require('../dist/apps/enrollctl/main.js');
