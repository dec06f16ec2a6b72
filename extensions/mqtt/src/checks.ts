import type { FieldProblem } from '@flowc/runtime';
import { urlProblem } from './url.ts';
import { filterProblem, groupProblem, topicProblem } from './topic.ts';

/** A value only known at start (a `{{ }}` template) is checked then, not at build time. */
function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function qosProblems(qos: unknown): FieldProblem[] {
  if (qos === undefined || isTemplate(qos)) return [];
  return typeof qos === 'number' && Number.isInteger(qos) && qos >= 0 && qos <= 2
    ? []
    : [{ path: ['qos'], message: `QoS ${JSON.stringify(qos)} is out of range`, hint: 'QoS is 0 (at most once), 1 (at least once) or 2 (exactly once)' }];
}

function urlProblems(url: unknown): FieldProblem[] {
  if (typeof url !== 'string' || isTemplate(url)) return [];
  const problem = urlProblem(url);
  return problem ? [{ path: ['url'], message: problem, hint: 'for example mqtt://127.0.0.1:1883' }] : [];
}

/** Problems in an `mqtt-subscribe` node's fields. */
export function subscribeProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = [...urlProblems(fields.url), ...qosProblems(fields.qos)];
  const topics = Array.isArray(fields.topic) ? fields.topic : [fields.topic];
  topics.forEach((topic, i) => {
    if (typeof topic !== 'string' || isTemplate(topic)) return;
    const problem = filterProblem(topic);
    if (problem) problems.push({ path: Array.isArray(fields.topic) ? ['topic', i] : ['topic'], message: `bad topic filter ${JSON.stringify(topic)}: ${problem}`, hint: 'levels are split by `/`; `+` matches one level, `#` the rest' });
    else if (fields.group !== undefined && topic.startsWith('$share/'))
      problems.push({ path: ['group'], message: `the topic ${JSON.stringify(topic)} names its own shared-subscription group`, hint: 'give the group either in the topic or in `group`, not both' });
  });
  if (typeof fields.group === 'string' && !isTemplate(fields.group)) {
    const problem = groupProblem(fields.group);
    if (problem) problems.push({ path: ['group'], message: problem, hint: 'a group is a plain name: `workers`' });
  }
  if (fields.sessionExpiry !== undefined && fields.clientId === undefined)
    problems.push({ path: ['sessionExpiry'], message: 'a session kept across connections needs a fixed `clientId`', hint: 'give every instance its own clientId, e.g. `sensors-{{ .HOSTNAME }}`' });
  return problems;
}

/** Problems in an `mqtt-publish` node's fields. */
export function publishProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = [...urlProblems(fields.url), ...qosProblems(fields.qos)];
  if (typeof fields.topic === 'string' && !isTemplate(fields.topic)) {
    const problem = topicProblem(fields.topic);
    if (problem) problems.push({ path: ['topic'], message: `bad topic ${JSON.stringify(fields.topic)}: ${problem}`, hint: 'publish to a full topic name, such as sensors/room-1/temperature' });
  }
  return problems;
}

/** At start, when templates are rendered: the first problem fails the node. */
export function throwFirst(problems: readonly FieldProblem[]): void {
  const first = problems[0];
  if (first) throw new Error(`${first.path.join('.')}: ${first.message}${first.hint ? ` (${first.hint})` : ''}`);
}
