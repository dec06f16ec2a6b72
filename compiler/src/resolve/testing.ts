import { chartKinds } from '../charts/chart.ts';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { builtinKindTable } from '../kinds/registry.ts';
import { Diagnostics as KindDiagnostics } from '../diagnostics/diagnostic.ts';

const BUILTIN_KINDS = builtinKindTable(new KindDiagnostics());
import { classify } from '../parse/classify.ts';
import { parseResources, type LocatedResource } from '../parse/document.ts';
import { SpecValidator } from '../validate/validate.ts';
import { expandSpecs, type Expansion } from './expand.ts';

/** Test helper: parses one YAML text into spec resources and the chart kinds it defines. */
export function parseSpecs(text: string): { specs: LocatedResource[]; charts: ReturnType<typeof chartKinds>; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const resources = parseResources({ file: 'x.yaml', text }, diagnostics);
  const charts = chartKinds(resources.filter((r) => classify(r.data) === 'chart'), BUILTIN_KINDS, diagnostics);
  return { specs: resources.filter((r) => classify(r.data) === 'spec'), charts, diagnostics };
}

/** Test helper: the expansion step of a YAML text, and every diagnostic up to it. */
export function expandText(text: string): Expansion & { diagnostics: Diagnostics } {
  const { specs, charts, diagnostics } = parseSpecs(text);
  return { ...expandSpecs(specs, BUILTIN_KINDS, charts, new SpecValidator(), diagnostics), diagnostics };
}
