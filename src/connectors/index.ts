/** The two product clients the engine and the UI use (and nothing else of this folder). */
export { createMyCaseSide, type MyCaseSide, type MyCaseSideOptions, type MyCaseMe, type MyCaseCaseDocument } from './mycase/mycase-side';
export { createDocketwiseSide, type DocketwiseSide, type DocketwiseSideOptions } from './docketwise/docketwise-side';
export type { HttpStats } from './http/http-client';
/** For time estimates (R7): requests a side may start per window. */
export { DOCKETWISE_RATE_LIMIT, MYCASE_RATE_LIMIT, type RateLimit } from './http/rate-limiter';
export { DOCKETWISE_PAGE_SIZE } from './docketwise/docketwise-side';
export { MYCASE_MAX_PAGE_SIZE } from './mycase/mycase-side';
export { createConnectionTester, type ConnectionIdentity } from './test-connection';
