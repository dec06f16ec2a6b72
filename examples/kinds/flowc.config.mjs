import { defineConfig } from 'flowc';

export default defineConfig({
  kinds: ['./kinds/greet.ts'],
});
