// China's administrative divisions (省 / 市 / 区县) as a three-level tree, built from the
// data of a maintained package (the server and the web app each load it). Municipalities
// have districts directly under them; here they get a city of the same name, so every
// address reads province → city → district.

export interface RawRegion {
  c: string;
  n: string;
  d?: RawRegion[];
}

export interface Region {
  code: string;
  name: string;
  children: Region[];
}

/** "市辖区" and "县" placeholders of the statistics code list are not places people pick. */
const placeholder = /^(市辖区|县)$/;
/** Groups of county-level cities governed by the province directly: their members stand as cities. */
const directlyGoverned = /直辖县级行政区划$/;

function cityLevel(subs: RawRegion[]): RawRegion[] {
  return subs.flatMap((x) => (directlyGoverned.test(x.n) ? (x.d ?? []) : placeholder.test(x.n) ? [] : [x]));
}

function node(raw: RawRegion, children: Region[] = []): Region {
  return { code: raw.c, name: raw.n, children };
}

export function regionTree(raw: RawRegion[]): Region[] {
  return raw.map((province) => {
    const subs = cityLevel(province.d ?? []);
    const districtsDirectly = subs.length > 0 && subs.every((x) => !x.d || x.d.length === 0) && /市$/.test(province.n);
    if (districtsDirectly) return node(province, [node(province, subs.map((d) => node(d)))]);
    return node(province, subs.map((city) => node(city, (city.d ?? []).filter((x) => !placeholder.test(x.n)).map((d) => node(d)))));
  });
}

const chinaNames = new Set(['中国', '中华人民共和国', 'china', 'cn', 'prc', "people's republic of china"]);

/** Addresses without a country, or in China, use the division tree; others are free text. */
export function isChina(country: string | null | undefined): boolean {
  return !country || chinaNames.has(country.trim().toLowerCase());
}

const suffixes = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|自治州|盟|区|县)$/;

function find(list: Region[], name: string): Region | undefined {
  const exact = list.find((r) => r.name === name);
  if (exact) return exact;
  const short = name.replace(suffixes, '');
  return short.length >= 2 ? list.find((r) => r.name.replace(suffixes, '') === short) : undefined;
}

export type RegionMatch =
  | { ok: true; province: string | null; city: string | null; district: string | null }
  | { ok: false; field: 'province' | 'city' | 'district' };

/** Checks a province / city / district chain and gives the full names ("浙江" → "浙江省"). */
export function matchRegion(tree: Region[], place: { province?: string | null; city?: string | null; district?: string | null }): RegionMatch {
  const { province, city, district } = place;
  if (!province) return city || district ? { ok: false, field: 'province' } : { ok: true, province: null, city: null, district: null };
  const p = find(tree, province.trim());
  if (!p) return { ok: false, field: 'province' };
  if (!city) return district ? { ok: false, field: 'city' } : { ok: true, province: p.name, city: null, district: null };
  const c = p.children.length ? find(p.children, city.trim()) : { name: city.trim(), code: '', children: [] };
  if (!c) return { ok: false, field: 'city' };
  if (!district) return { ok: true, province: p.name, city: c.name, district: null };
  const d = c.children.length ? find(c.children, district.trim()) : { name: district.trim() };
  if (!d) return { ok: false, field: 'district' };
  return { ok: true, province: p.name, city: c.name, district: d.name };
}
