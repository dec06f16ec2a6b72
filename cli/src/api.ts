// `import { build, context, defineConfig } from 'flowc'`: the compiler's public API, as the CLI uses it.
export * from '@flowc/compiler';
