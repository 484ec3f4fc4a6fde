// Why: `gatewalk report JOURNAL`: the incident report (Markdown or JSON) built from a journal alone, optionally with addresses and host names pseudonymized.

import { resolve } from 'node:path';
import { integrityWarning, scanJournal } from '../../journal/reader.js';
import { createIndexer } from '../../report/journal-index.js';
import { renderForPeer, renderMarkdown } from '../../report/markdown.js';
import { jsonText, renderJson } from '../../report/json.js';
import { pseudonymSource } from '../../report/pseudonymize.js';
import { EXIT, usageError } from '../../util/errors.js';
import { oneOf, parse, str } from '../args.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../../util/write-atomic.js';

export const REPORT_HELP = `Usage: gatewalk report JOURNAL [-o FILE] [--format md|json] [--redact-addresses]

Build the incident report from a session journal alone: summary, test pair and sites, the gates
with the operator's decisions, a UTC timeline, evidence excerpts, counters, unknowns, fixes,
follow-ups and every command run. Remote output appears with control characters escaped.

  -o, --output FILE     write the report to FILE (default: standard output)
  --format md|json      GitHub-flavoured Markdown (default) or one JSON object
  --redact-addresses    replace IP addresses, prefixes and host names by consistent pseudonyms
                        (site-a-addr-1, gateway-b, ...); the mapping goes to FILE.map.json next to
                        -o, or to JOURNAL.map.json without -o
  --for-peer            only the part for whoever runs the far gateway: what we sent and when,
                        what came back, our selectors and addresses, the questions to answer and
                        the commands for their platform (sites.b.gateway.vendor); ready to paste

Exit status: 0 report written; 2 usage error or a journal that cannot be read.
`;

export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('report', argv, { output: { type: 'string', short: 'o' }, format: { type: 'string' }, 'redact-addresses': { type: 'boolean' }, 'for-peer': { type: 'boolean' } }, 1);
  if (p.values.help) {
    io.out(REPORT_HELP);
    return EXIT.ok;
  }
  const journalPath = p.positionals[0];
  if (!journalPath) throw usageError('report: which journal? `gatewalk report JOURNAL`; see `gatewalk report --help`');
  const format = oneOf('report', 'format', str(p, 'format') ?? 'md', ['md', 'json'] as const);
  const out = str(p, 'output');
  if (out && resolve(out) === resolve(journalPath)) throw usageError('report: -o names the journal itself; pick another file');

  // One pass over the file in chunks: the index (output texts it will not quote dropped) and, when asked, the pseudonym sources.
  const indexer = createIndexer({ slim: true });
  const pseudoSrc = p.values['redact-addresses'] ? pseudonymSource() : null;
  const read = scanJournal(journalPath, (r, line) => {
    pseudoSrc?.add(r, line);
    indexer.add(r);
  });
  if (!read.ok) throw usageError(`report: ${read.error}`);
  if (!read.records) throw usageError(`report: ${journalPath} holds no record (a session stopped before its first record was written leaves such a file); nothing to report`);
  const records = indexer.finish();
  const integrity = read.integrity;

  const pseudo = pseudoSrc?.finish();
  const opts = { integrity, ...(pseudo ? { redactAddresses: pseudo } : {}) };
  const peer = Boolean(p.values['for-peer']);
  const text =
    format === 'json'
      ? jsonText(peer ? ((renderJson(records, opts) as { forPeer?: unknown }).forPeer ?? null) : renderJson(records, opts))
      : peer
        ? renderForPeer(records, opts)
        : renderMarkdown(records, opts);

  if (out) writeAtomic(out, text);
  else io.out(text);
  if (pseudo) {
    const mapFile = `${out ?? journalPath}.map.json`;
    writeAtomic(mapFile, JSON.stringify(pseudo.mapping(), null, 2) + '\n');
    io.err(`gatewalk: pseudonym mapping written to ${mapFile}; keep it apart from the report\n`);
  }
  const warn = integrityWarning(journalPath, integrity, read.records);
  if (warn) io.err(`gatewalk: ${warn}\n`);
  if (out) io.err(`gatewalk: report written to ${out}\n`);
  return EXIT.ok;
}

function writeAtomic(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw usageError(`report: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
