import '../src/config/zod-setup';
import { startBackground } from '../src/background';

// Thin wiring: main stays synchronous so every listener is registered before any await.
export default defineBackground(() => {
  startBackground();
});
