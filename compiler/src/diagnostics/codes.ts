/** Every diagnostic code flowc reports, sorted. Tests and `--format json` users match on these. */
export const CODES = {
  CODE_NO_DEFAULT_EXPORT: 'snippet code does not export a function as default',
  CODE_SYNTAX: 'snippet code does not parse',
  DUPLICATE_NAME: 'two nodes share a name in one namespace',
  EMPTY_NAMESPACE: 'the namespace to build has no nodes',
  EXPRESSION_SYNTAX: 'a CEL expression does not parse',
  EXPRESSION_UNKNOWN: 'a CEL expression names an unknown variable, function or type',
  FIELD_TYPE: 'a field has the wrong type',
  FIELD_VALUE: 'a field has a value the kind does not accept',
  FILE_UNREADABLE: 'an input file cannot be read',
  INPUT_NOT_FOUND: 'an input path or glob matches no file',
  INVALID_SPEC: 'a document is not a node spec',
  MALFORMED_PORT: 'a port name is not `name` or `name[index]`',
  MISSING_FIELD: 'a required field is missing',
  NODE_IN_OTHER_NAMESPACE: 'a port names a node that lives in another namespace',
  TEMPLATE_SYNTAX: 'a `{{ }}` template does not parse',
  UNKNOWN_FIELD: 'a field the kind does not know (ignored)',
  UNKNOWN_KIND: 'no node kind has this name',
  UNKNOWN_NODE: 'a port names a node that does not exist',
  UNKNOWN_PORT: 'a port name the node kind does not have',
  UNWIRED_PORT: 'a field sends to an out-port the node does not connect',
  YAML_SYNTAX: 'the file is not valid YAML or JSON',
} as const;

export type DiagnosticCode = keyof typeof CODES;
