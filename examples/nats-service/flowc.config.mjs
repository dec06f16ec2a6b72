import { defineConfig } from 'flowc';

export default defineConfig({
  kinds: ['@flowc/nats'],
});
