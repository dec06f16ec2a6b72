// MQTT topic names and filters (MQTT 5.0 §4.7, §4.8.2): what the kinds' check hooks and start-time checks apply.

/** Why a topic filter (for a subscription) is not valid, or undefined when it is. */
export function filterProblem(filter: string): string | undefined {
  if (filter.startsWith('$share/')) {
    const rest = filter.slice('$share/'.length);
    const slash = rest.indexOf('/');
    const group = slash === -1 ? rest : rest.slice(0, slash);
    const groupIssue = groupProblem(group);
    if (groupIssue) return groupIssue;
    if (slash === -1 || slash === rest.length - 1) return 'a shared subscription `$share/<group>/<filter>` needs a filter after the group';
    return levelsProblem(rest.slice(slash + 1), true);
  }
  return levelsProblem(filter, true);
}

/** Why a topic name (for a publish) is not valid, or undefined when it is. */
export function topicProblem(topic: string): string | undefined {
  if (topic.startsWith('$share/')) return '`$share/…` names a shared subscription, not a topic to publish to';
  if (/[+#]/.test(topic)) return 'a topic to publish to holds no wildcard (`+` or `#`): those are for subscriptions';
  return levelsProblem(topic, false);
}

/** Why a shared-subscription group name is not valid. */
export function groupProblem(group: string): string | undefined {
  if (group.length === 0) return 'the shared-subscription group is empty';
  if (/[/+#]/.test(group)) return `the shared-subscription group ${JSON.stringify(group)} holds \`/\`, \`+\` or \`#\``;
  return undefined;
}

/** The filter a subscription sends: with a group, `$share/<group>/<filter>`. */
export function sharedFilter(filter: string, group: string | undefined): string {
  return group === undefined || filter.startsWith('$share/') ? filter : `$share/${group}/${filter}`;
}

function levelsProblem(text: string, wildcards: boolean): string | undefined {
  if (text.length === 0) return 'a topic is at least one character long';
  if (Buffer.byteLength(text, 'utf8') > 65_535) return 'a topic is at most 65 535 bytes long';
  if (text.includes('\u0000')) return 'a topic holds no NUL character';
  if (!wildcards) return undefined;
  const levels = text.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return '`#` stands alone in the last level of a filter (`sensors/#`)';
    if (level.includes('+') && level !== '+') return '`+` stands alone in its level (`sensors/+/temperature`)';
  }
  return undefined;
}
