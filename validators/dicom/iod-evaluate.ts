/**
 * Walks an IOD table over a data set once and lists what is missing or empty, by kind; the four
 * presence rules and the module rule each report their kind. Memoized per subject so the rules
 * share one walk. Like dciodvfy, a missing attribute is reported per attribute even when the whole
 * module is gone (the module rule adds one summary finding).
 */
import { formatPath, isEmpty, sequenceItems, type DicomDataset, type DicomSubject, type PathStep } from './dicom-subject.ts';
import { tableFor, type IodDef, type ModuleUse } from './iod-tables.ts';
import type { AttributeDef, ConditionScope, ModuleDef } from './modules/module.ts';

export type ProblemKind = 'type1-missing' | 'type1-empty' | 'type2-missing' | 'type1c-missing';

export interface AttributeProblem {
  readonly kind: ProblemKind;
  readonly path: string;
  readonly keyword: string;
  readonly type: AttributeDef['type'];
  readonly module: ModuleDef;
  readonly condition?: string;
}

export interface ModuleAbsence {
  readonly module: ModuleDef;
}

export interface IodEvaluation {
  readonly iod: IodDef | undefined;
  readonly problems: readonly AttributeProblem[];
  /** Mandatory modules (with Type 1 or 2 attributes) of which no top-level attribute is present. */
  readonly absentModules: readonly ModuleAbsence[];
}

const cache = new WeakMap<DicomSubject, IodEvaluation>();

export function evaluateIod(subject: DicomSubject): IodEvaluation {
  const cached = cache.get(subject);
  if (cached) return cached;
  // The table is chosen by the data set's SOP Class UID, else the meta header's (subject.sopClassUid);
  // the data set's own (0008,0016) is what SOP Common judges, so a data set without one fails it.
  const iod = tableFor(subject.sopClassUid);
  const result = iod ? evaluate(iod, subject.dict, subject.sopClassUid) : { iod, problems: [], absentModules: [] };
  cache.set(subject, result);
  return result;
}

function evaluate(iod: IodDef, root: DicomDataset, sopClassUid: string): IodEvaluation {
  const mandatoryTags = new Set(iod.modules.filter((m) => m.usage === 'M').flatMap((m) => m.module.attributes.map((a) => a.tag)));
  const problems = new Map<string, AttributeProblem>();
  const absentModules: ModuleAbsence[] = [];
  for (const use of iod.modules) {
    if (!applies(use, { item: root, root, sopClassUid }, mandatoryTags)) continue;
    const verdictBearing = use.module.attributes.filter((a) => a.type !== '3');
    if (use.usage === 'M' && verdictBearing.length > 0 && verdictBearing.every((a) => root[a.tag] === undefined)) absentModules.push({ module: use.module });
    checkAttributes(use.module, use.module.attributes, root, root, sopClassUid, [], problems);
  }
  return { iod, problems: [...problems.values()], absentModules };
}

function applies(use: ModuleUse, scope: ConditionScope, mandatoryTags: ReadonlySet<string>): boolean {
  const { root } = scope;
  if (use.usage === 'M') return true;
  if (use.required?.(scope)) return true;
  return use.module.attributes.some((a) => !mandatoryTags.has(a.tag) && root[a.tag] !== undefined);
}

function checkAttributes(module: ModuleDef, defs: readonly AttributeDef[], item: DicomDataset, root: DicomDataset, sopClassUid: string, prefix: readonly PathStep[], out: Map<string, AttributeProblem>): void {
  const scope: ConditionScope = { item, root, sopClassUid };
  for (const def of defs) {
    const element = item[def.tag];
    const steps = [...prefix, { tag: def.tag }];
    const report = (kind: ProblemKind): void => {
      const path = formatPath(steps);
      const key = `${kind} ${path}`;
      if (!out.has(key)) out.set(key, { kind, path, keyword: def.keyword, type: def.type, module, ...(def.condition && { condition: def.condition.text }) });
    };
    const conditionHolds = def.condition?.holds?.(scope) ?? false;
    if (element === undefined) {
      if (def.type === '1') report('type1-missing');
      else if (def.type === '2') report('type2-missing');
      else if (def.type === '1C' && conditionHolds) report('type1c-missing');
      else if (def.type === '2C' && conditionHolds) report('type2-missing');
      continue;
    }
    // A 1C attribute that is sent must have a value whether or not its condition could be decided.
    if ((def.type === '1' || def.type === '1C') && isEmpty(element)) report('type1-empty');
    if (def.items && element.vr === 'SQ') {
      for (const [i, child] of sequenceItems(element).entries()) {
        checkAttributes(module, def.items, child, root, sopClassUid, [...prefix, { tag: def.tag, item: i }], out);
      }
    }
  }
}
