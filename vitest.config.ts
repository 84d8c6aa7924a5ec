import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Interop tests start real peers (DCMTK, Orthanc, Docker) on loopback ports; run files in
    // parallel on the 2 cores but keep each file's tests sequential.
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['junit', { outputFile: 'out/junit.xml' }], ['allure-vitest/reporter', { resultsDir: 'out/allure-results' }]] : ['default'],
    setupFiles: process.env.CI ? ['allure-vitest/setup'] : [],
  },
});
