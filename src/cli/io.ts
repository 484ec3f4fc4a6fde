// Why: commands write through this, so tests can capture output without touching process streams.

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** A closed pipe (`gatewalk ... | head`) ends the program quietly instead of with a stack trace. */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

export const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};
