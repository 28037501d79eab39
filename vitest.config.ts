import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timestamps in fixtures are local agency time; pin the machine zone so a
    // stray Date.parse cannot pass on one machine and fail on another.
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
