import '../src/config/zod-setup';
import { docketwiseMatches, targetEnvFromProcess } from '../src/config/manifest';
import { runFeatures } from '../src/features';

export default defineContentScript({
  // Evaluated at build time: the production build runs only on app.docketwise.com.
  matches: docketwiseMatches(targetEnvFromProcess()),
  runAt: 'document_idle',
  main(ctx) {
    return runFeatures(ctx);
  },
});
