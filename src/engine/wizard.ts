// Why: a wizard is data (gates -> steps -> checks, probes and prose); this loads and validates one against the registries.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Check } from '../checks/check.js';
import { checkById } from '../checks/registry.js';
import { usageError } from '../util/errors.js';

const stepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    /** Probe ids (without the role) whose output the step reads, for the screen and the report. */
    probes: z.array(z.string()).default([]),
    checks: z.array(z.string()).min(1),
    /** Markdown for the operator: what we look at, what it means, what you decide. */
    prose: z.string().min(1),
  })
  .strict();

const wizardSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    gates: z
      .array(
        z
          .object({
            gate: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('mtu')]),
            title: z.string(),
            prose: z.string(),
            steps: z.array(stepSchema).min(1),
          })
          .strict(),
      )
      .length(5),
  })
  .strict();

export type Wizard = z.infer<typeof wizardSchema>;

export const DEFAULT_WIZARD = fileURLToPath(new URL('../../../wizards/site-to-site/wizard.yaml', import.meta.url));

export function loadWizard(path = DEFAULT_WIZARD): Wizard {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw usageError(`wizard ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = wizardSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw usageError(`wizard ${path}: ${i?.path.join('.')}: ${i?.message}`);
  }
  for (const g of r.data.gates) {
    for (const s of g.steps) {
      for (const c of s.checks) {
        const check = checkById(c);
        if (!check) throw usageError(`wizard ${path}: gate ${g.gate} step ${s.id}: no check named "${c}"`);
        if (check.gate !== g.gate) throw usageError(`wizard ${path}: check ${c} belongs to gate ${check.gate}, not ${g.gate}`);
      }
    }
  }
  return r.data;
}

/** The wizard's checks in its order (gate by gate, step by step). */
export function wizardChecks(w: Wizard): Check[] {
  return w.gates.flatMap((g) => g.steps.flatMap((s) => s.checks.map((c) => checkById(c)!)));
}

