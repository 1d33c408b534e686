import type { TargetEnv } from './endpoints';

/** The environment this bundle was built for (set by wxt.config.ts from WXT_TARGET_ENV). */
export function targetEnv(): TargetEnv {
  return import.meta.env.WXT_TARGET_ENV === 'sandbox' ? 'sandbox' : 'production';
}
