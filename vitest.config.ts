import { defineConfig } from 'vitest/config';
import { ALLURE_CATEGORIES } from './reports/allure-model.ts';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Interop tests start real peers (DCMTK, Orthanc, Docker) on loopback ports; run files in
    // parallel on the 2 cores but keep each file's tests sequential.
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['junit', { outputFile: 'out/junit.xml' }], ['allure-vitest/reporter', { resultsDir: 'out/allure-results', categories: [...ALLURE_CATEGORIES], reportMatchers: false }]] : ['default'],
    setupFiles: process.env.CI ? ['allure-vitest/setup'] : [],
  },
});
