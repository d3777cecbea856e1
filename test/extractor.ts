// The extractor the tests share: the shipped models, read once per test file, as a process reads them
// once at start. Tests of the models themselves build their own from temporary copies.
import { loadDefaultExtractor } from '../src/extract/extractor.js';
import { createInlineAnalyser } from '../src/service/analysis-pool.js';

export const extractor = loadDefaultExtractor();

/** Analysis on the test's thread with the shared extractor. */
export const analyser = createInlineAnalyser(extractor);
