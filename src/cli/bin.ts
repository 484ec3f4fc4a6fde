#!/usr/bin/env node
// Why: the executable: run the CLI with this process's arguments and streams, nothing else.

import { main } from './main.js';
import { processIo } from './io.js';

main(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
