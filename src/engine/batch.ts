// Why: many short probes on one host in one remote shell (one ssh session, not one each), split back into one record per command.

import { shJoin } from '../targets/shell-quote.js';

const HEADER = 'gatewalk-batch-v1';

export interface BatchItem {
  argv: readonly string[];
  /** In a parallel batch: run once all the others have ended (they come last), streamed as in a sequential one. */
  after?: boolean;
}

/** What one command of a batch did, as if it had run on its own. */
export interface BatchResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Host clock (/proc/uptime) at its start and end in ms, when the host has one. */
  startMs: number | null;
  endMs: number | null;
}

/**
 * A POSIX sh script that runs every command with its own stdout, stderr and exit code, each
 * bounded by `timeout` when the host has it, and prints them as delimited sections:
 *
 *   \n@@K o I UPTIME@@\n STDOUT \n@@K e I CODE UPTIME@@\n STDERR ... \n@@K end@@\n
 *
 * K is a fresh random nonce per run, so no output can forge a delimiter. Sequential batches
 * stream stdout straight through (nothing touches the host's disk: `wg show dump` prints keys);
 * stderr goes through a variable. Commands that run in parallel (test traffic, the DF-ping
 * ladder) write to files in one mktemp directory, removed on exit; commands marked `after` then
 * run one by one, streamed.
 */
export function batchScript(items: readonly BatchItem[], nonce: string, o: { parallel?: boolean; timeoutS?: number } = {}): string {
  if (!/^[0-9a-f]{8,}$/.test(nonce)) throw new TypeError('batch nonce must be hex');
  const timeoutS = Math.max(1, Math.ceil(o.timeoutS ?? 10));
  const head = [
    // For whoever sees only the argv (a journal): the nonce and each command's argv, read back by unbatch().
    `# ${HEADER} ${nonce} ${Buffer.from(JSON.stringify(items.map((it) => it.argv))).toString('base64url')}`,
    `T=; if command -v timeout >/dev/null 2>&1; then T='timeout -k 1 ${timeoutS}'; fi`,
    // /proc/uptime is read by a builtin: timing costs no process.
    `u() { up=-; read -r up _ 2>/dev/null </proc/uptime; }`,
  ];
  const m = (rest: string) => `'\\n@@${nonce} ${rest}@@\\n'`;
  // stderr into the variable, stdout straight to fd 3 (the session); "x" keeps trailing newlines.
  const inline = (it: BatchItem, i: number) =>
    [
      `u; printf ${m('o %s %s')} ${i} "$up"`,
      `e=$($T ${shJoin(it.argv)} 2>&1 1>&3 3>&-; c=$?; printf x; exit $c); c=$?`,
      `u; printf ${m('e %s %s %s')}'%s' ${i} "$c" "$up" "\${e%x}"`,
    ].join('\n');
  const end = `printf ${m('end')}`;
  if (!o.parallel) return [...head, 'exec 3>&1', ...items.map(inline), end, ''].join('\n');
  const first = items.findIndex((it) => it.after);
  const together = first < 0 ? items.length : first;
  if (items.slice(together).some((it) => !it.after)) throw new TypeError('batch: the commands that run after the others come last');
  const bg = items.slice(0, together).map((it, i) => `( u; echo "$up" >"$d/${i}.t"; $T ${shJoin(it.argv)} >"$d/${i}.o" 2>"$d/${i}.e"; echo $? >"$d/${i}.c"; u; echo "$up" >>"$d/${i}.t" ) &`);
  const out = items.slice(0, together).map((_, i) =>
    [
      `c=-1; read -r c <"$d/${i}.c"; t0=-; t1=-; { read -r t0; read -r t1; } <"$d/${i}.t"`,
      `printf ${m('o %s %s')} ${i} "$t0"; cat "$d/${i}.o"`,
      `printf ${m('e %s %s %s')} ${i} "$c" "$t1"; cat "$d/${i}.e"`,
    ].join('\n'),
  );
  const later = items.slice(together).map((it, k) => inline(it, together + k));
  return [...head, 'exec 3>&1', `d=$(mktemp -d) || exit 97`, `trap 'rm -rf "$d"' EXIT`, ...bg, 'wait', ...out, ...later, end, ''].join('\n');
}

/**
 * Split a batch's output back into one result per command. A command whose section is missing
 * or torn (the session died, the host refused `sh`) gets undefined: the caller runs it alone.
 */
export function parseBatch(out: string, nonce: string, count: number): Array<BatchResult | undefined> {
  const text = out;
  const results: Array<BatchResult | undefined> = [];
  const uptime = (s: string | undefined) => (s && /^\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * 1000) : null);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const open = new RegExp(`\\n@@${nonce} o ${i} (\\S+)@@\\n`, 'y');
    const oAt = text.indexOf(`\n@@${nonce} o ${i} `, pos);
    if (oAt < 0) {
      results.push(undefined);
      continue;
    }
    open.lastIndex = oAt;
    const om = open.exec(text);
    if (!om) {
      results.push(undefined);
      continue;
    }
    const outStart = oAt + om[0].length;
    const eAt = text.indexOf(`\n@@${nonce} e ${i} `, outStart);
    const close = new RegExp(`\\n@@${nonce} e ${i} (-?\\d+) (\\S+)@@\\n`, 'y');
    close.lastIndex = eAt;
    const em = eAt >= 0 ? close.exec(text) : null;
    if (!em) {
      results.push(undefined);
      continue;
    }
    const errStart = eAt + em[0].length;
    const next = text.indexOf(`\n@@${nonce} `, errStart);
    if (next < 0) {
      results.push(undefined);
      continue;
    }
    const code = Number(em[1]);
    results.push(
      code < 0
        ? undefined
        : { exitCode: code, stdout: text.slice(outStart, eAt), stderr: text.slice(errStart, next), startMs: uptime(om[1]), endMs: uptime(em[2]) },
    );
    pos = next;
  }
  return results;
}

/**
 * A batch seen from outside (a journaling runner): its `sh -c` argv and stdout back to one
 * command each, with that command's own argv. Null when the argv is not a batch. A command
 * without a result did not finish inside the batch (collect-live then ran it alone).
 */
export function unbatch(argv: readonly string[], stdout: string): Array<{ argv: string[]; result: BatchResult | undefined }> | null {
  if (argv.length !== 3 || argv[0] !== 'sh' || argv[1] !== '-c') return null;
  const m = new RegExp(`^# ${HEADER} ([0-9a-f]{8,}) ([A-Za-z0-9_-]*)\n`).exec(argv[2]!);
  if (!m) return null;
  let list: unknown;
  try {
    list = JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(list) || !list.every((a) => Array.isArray(a) && a.every((w) => typeof w === 'string'))) return null;
  const argvs = list as string[][];
  const parts = parseBatch(stdout, m[1]!, argvs.length);
  return argvs.map((a, i) => ({ argv: a, result: parts[i] }));
}
