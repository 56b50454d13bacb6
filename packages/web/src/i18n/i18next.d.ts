import 'i18next';
import type zhCN from './zh-CN.json';

// Message keys are checked at compile time against the Simplified Chinese file;
// index.ts checks that the other two files have the same keys.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
