#!/usr/bin/env node
// Compiled by `npm ci` (the prepare script) into dist/.
import '../dist/cli/main.js';
