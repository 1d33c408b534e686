import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest, targetEnvFromProcess } from './src/config/manifest';

// The manifest is computed in src/config/manifest.ts so that a unit test can hold the
// production permissions to an explicit allow-list (test/manifest/permissions.test.ts).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  outDir: '.output',
  outDirTemplate: targetEnvFromProcess() === 'sandbox' ? '{{browser}}-mv{{manifestVersion}}-sandbox' : undefined,
  manifest: ({ browser }) => buildManifest({ browser, target: targetEnvFromProcess() }),
  vite: () => ({
    plugins: [preact()],
    define: {
      'import.meta.env.WXT_TARGET_ENV': JSON.stringify(targetEnvFromProcess()),
    },
  }),
});
