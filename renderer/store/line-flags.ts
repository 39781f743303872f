/**
 * The flag byte now lives in `renderer/model/line-flags.ts`, the module both the stream and the
 * store build on. This re-export keeps the view's imports working.
 */
export * from '../model/line-flags.js';
