// Why: `gatewalk` without an incident file: a short form for the test pair and both gateways, validated, saved as the incident file.

import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { glyphsFor } from '../view/glyphs.js';
import { incidentYaml, initialValues, SETUP_FIELDS, setupLines, validateSetup } from '../view/setup-form.js';
import { monochrome } from '../view/styled.js';
import { loadBlessed } from './blessed.js';
import { installExitGuards } from './lifecycle.js';
import { RenderScheduler } from './scheduler.js';
import { linesToTags } from './tags.js';

/** Resolves with the saved incident file, or null when the operator cancelled. */
export function runSetup(env: Record<string, string | undefined>): Promise<string | null> {
  const blessed = loadBlessed();
  const utf8 = glyphsFor(env).utf8;
  const mono = monochrome(env);
  const screen = blessed.screen({ terminal: env.TERM || 'xterm', smartCSR: true, fullUnicode: utf8, warnings: false } as never);
  const box = blessed.box({ parent: screen, tags: true, top: 0, left: 0, width: '100%', height: '100%', scrollable: true });
  const values = initialValues();
  let focused = 0;
  /** A field's first typed character replaces its suggested value (as if it were selected). */
  const touched = new Set<string>();
  let errors: Record<string, string> = {};
  let message = '';
  let done: (v: string | null) => void = () => {};
  const result = new Promise<string | null>((r) => (done = r));
  const scheduler = new RenderScheduler(() => {
    box.setContent(linesToTags(setupLines(values, focused, errors, message), mono));
    screen.render();
  });
  let finished = false;
  const finish = (v: string | null) => {
    if (finished) return;
    finished = true;
    scheduler.stop();
    guards.remove();
    screen.destroy();
    done(v);
  };
  const guards = installExitGuards(
    () => finish(null),
    () => screen.destroy(),
  );
  const save = () => {
    const v = validateSetup(values);
    errors = v.errors;
    if (Object.keys(errors).length) {
      focused = SETUP_FIELDS.findIndex((f) => errors[f.id]);
      message = 'fix the marked fields';
      return;
    }
    if (!v.incident?.ok) {
      message = v.incident?.error ?? 'invalid incident';
      return;
    }
    const file = resolve(values.file!);
    if (existsSync(file)) {
      focused = SETUP_FIELDS.findIndex((f) => f.id === 'file');
      errors = { file: 'exists; choose another name' };
      return;
    }
    try {
      writeFileSync(file, incidentYaml(values), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      message = `cannot write ${file}: ${(e as Error).message}`;
      return;
    }
    finish(file);
  };
  screen.on('keypress', (ch: string | undefined, key: { name?: string; full?: string }) => {
    if (key.name === 'return' || finished) return;
    const id = SETUP_FIELDS[focused]!.id;
    const full = key.full ?? '';
    if (full === 'escape' || full === 'C-c') return finish(null);
    if (full === 'C-s') save();
    else if (full === 'up' || full === 'S-tab') focused = Math.max(0, focused - 1);
    else if (full === 'down' || full === 'tab') focused = Math.min(SETUP_FIELDS.length - 1, focused + 1);
    else if (full === 'enter') {
      const e = SETUP_FIELDS[focused]!.check(values[id] ?? '');
      errors = { ...errors };
      if (e) errors[id] = e;
      else delete errors[id];
      if (focused === SETUP_FIELDS.length - 1) save();
      else if (!e) focused++;
    } else if (full === 'backspace') values[id] = [...(values[id] ?? '')].slice(0, -1).join('');
    else if (ch && ch >= ' ' && ch !== '\x7f' && [...ch].length === 1 && (values[id] ?? '').length < 200) {
      values[id] = (touched.has(id) ? (values[id] ?? '') : '') + ch;
    }
    touched.add(id);
    scheduler.request();
  });
  screen.on('resize', () => scheduler.flush());
  scheduler.flush();
  return result;
}
