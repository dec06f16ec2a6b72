// NATS subjects, queue groups, stream and consumer names, and server URLs: checked at build time (no client
// library loaded) and again at start for values that were templates.

/** Why a subject is not valid, or undefined. `wildcards`: a subscription may use `*` and a last `>`. */
export function subjectProblem(subject: string, wildcards: boolean): string | undefined {
  if (subject.length === 0) return 'a subject is at least one character long';
  if (/\s/.test(subject)) return 'a subject holds no whitespace';
  const tokens = subject.split('.');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.length === 0) return 'a subject has no empty token (`a..b`, or a leading or trailing `.`)';
    if (!wildcards && (token === '*' || token === '>')) return 'a subject to publish to holds no wildcard (`*` or `>`): those are for subscriptions';
    if (token === '>' && i !== tokens.length - 1) return '`>` stands alone in the last token (`orders.>`)';
  }
  return undefined;
}

/** Why a queue group, stream or consumer name is not valid. */
export function nameProblem(what: string, name: string): string | undefined {
  if (name.length === 0) return `the ${what} name is empty`;
  if (/[\s.*>/\\]/.test(name)) return `the ${what} name ${JSON.stringify(name)} holds whitespace, \`.\`, \`*\`, \`>\`, \`/\` or \`\\\``;
  return undefined;
}

/** Why a server list (`nats://host:4222`, comma-separated) cannot be used. */
export function serversProblem(servers: string): string | undefined {
  for (const server of splitServers(servers)) {
    let url: URL;
    try {
      url = new URL(server.includes('://') ? server : `nats://${server}`);
    } catch {
      return `${JSON.stringify(server)} is not a server URL (write nats://host:4222)`;
    }
    if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol)) return `the URL scheme ${url.protocol} is not NATS's (nats:, tls:)`;
  }
  return undefined;
}

export function splitServers(servers: string): string[] {
  return servers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The servers as log lines may show them: without passwords. */
export function shownServers(servers: string): string {
  return splitServers(servers)
    .map((server) => server.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'))
    .join(',');
}
