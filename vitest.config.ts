// One vitest project per test tier (folder under test/), sharing the timeouts and pool settings below.
// `vitest run` runs every tier; `vitest run --project unit` (npm run test:unit) runs one. The tiers name what a
// file needs beyond Node and node_modules:
//   unit      nothing (pure code, in-process HTTP servers only)
//   redis     a real redis-server
//   database  PGlite (and PostgreSQL too when TEST_DATABASE_URL is set)
//   media     ffmpeg, ffprobe, fpcalc
//   browser   Chromium
//   e2e       the whole pipeline, or the setup scripts run as subprocesses
// A test file left directly in test/ still runs with `vitest run`, in the `unsorted` project, until it is moved
// into its tier's folder.
import { defineConfig } from 'vitest/config';

const TIERS = ['unit', 'redis', 'database', 'media', 'browser', 'e2e'] as const;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      ...TIERS.map((tier) => ({ extends: true as const, test: { name: tier, include: [`test/${tier}/**/*.test.ts`] } })),
      { extends: true as const, test: { name: 'unsorted', include: ['test/*.test.ts'] } },
    ],
  },
});
