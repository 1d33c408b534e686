import { z } from 'zod';

// Extension pages and the worker run under a CSP without 'unsafe-eval': tell zod not to try its
// `new Function` fast path (it would be refused, and each refusal is a console error).
z.config({ jitless: true });
