// Generates the sample data of the shipped templates (templates/<name>/template.json) with a
// seeded PRNG, so every run writes the same records. The metadata in each template.json is
// the source of truth and is kept as it is; only `sampleData` and `sampleDataDate` are rewritten.
// Run: npx tsx scripts/generate-template-data.ts [customer|pipeline|service|marketing ...]
// tests/templates/shipped.test.ts fails when a template.json no longer matches this script.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { planTemplate } from '../engine/templates/check.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The day the sample data is written for; installs move dates forward from here to "today". */
const sampleDate = '2026-11-16';
const anchor = Date.parse(`${sampleDate}T00:00:00Z`);
const dayMs = 86_400_000;

type Fields = Record<string, unknown>;
interface SampleRecord {
  key?: string;
  fields: Fields;
}
type SampleData = Record<string, SampleRecord[]>;

// ---- randomness -----------------------------------------------------------------------------

/** mulberry32: small, fast and good enough for sample data. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of pairs) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return pairs[pairs.length - 1]![0];
  }
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.min(n, copy.length));
  }
  /** Log-uniform: as many deals of 5k–50k as of 50k–500k. */
  logBetween(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}

// ---- dates ----------------------------------------------------------------------------------

/** YYYY-MM-DD, `offset` days from the sample date. */
function day(offset: number): string {
  return new Date(anchor + Math.round(offset) * dayMs).toISOString().slice(0, 10);
}

/** An instant `offset` days from the sample date, during Beijing business hours (01:00–10:00 UTC). */
function instant(rng: Random, offset: number): string {
  const minutes = rng.int(60, 600);
  return new Date(anchor + Math.floor(offset) * dayMs + minutes * 60_000).toISOString();
}

function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

/** Days back from the sample date, weighted towards the recent past. */
function recentPast(rng: Random, maxDays: number): number {
  return -Math.floor(maxDays * rng.next() ** 1.6);
}

const round = (value: number, step: number) => Math.round(value / step) * step;
const money = (value: number) => Math.round(value * 100) / 100;

// ---- people and companies -------------------------------------------------------------------

const surnames: [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['韩', 'han'],
  ['唐', 'tang'],
  ['冯', 'feng'],
  ['董', 'dong'],
  ['程', 'cheng'],
  ['曹', 'cao'],
  ['袁', 'yuan'],
  ['邓', 'deng'],
  ['许', 'xu'],
  ['沈', 'shen'],
  ['彭', 'peng'],
  ['苏', 'su'],
  ['蒋', 'jiang'],
  ['蔡', 'cai'],
  ['丁', 'ding'],
  ['魏', 'wei'],
  ['叶', 'ye'],
  ['潘', 'pan'],
  ['杜', 'du'],
  ['钟', 'zhong'],
  ['田', 'tian'],
  ['姜', 'jiang'],
  ['范', 'fan'],
  ['方', 'fang'],
  ['陆', 'lu'],
  ['欧阳', 'ouyang'],
  ['上官', 'shangguan'],
];
const givenNames: [string, string][] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['秀英', 'xiuying'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['建华', 'jianhua'],
  ['晓东', 'xiaodong'],
  ['志强', 'zhiqiang'],
  ['海燕', 'haiyan'],
  ['文博', 'wenbo'],
  ['子涵', 'zihan'],
  ['欣怡', 'xinyi'],
  ['浩然', 'haoran'],
  ['雨桐', 'yutong'],
  ['思远', 'siyuan'],
  ['嘉怡', 'jiayi'],
  ['俊杰', 'junjie'],
  ['婷婷', 'tingting'],
  ['晨曦', 'chenxi'],
  ['宇航', 'yuhang'],
  ['佳琪', 'jiaqi'],
  ['梓萱', 'zixuan'],
  ['一鸣', 'yiming'],
  ['明轩', 'mingxuan'],
  ['雪梅', 'xuemei'],
  ['国栋', 'guodong'],
  ['丽华', 'lihua'],
  ['春生', 'chunsheng'],
  ['秋月', 'qiuyue'],
  ['立新', 'lixin'],
  ['慧敏', 'huimin'],
];
const firstNames = [
  'James',
  'Mary',
  'Sarah',
  'Michael',
  'Emily',
  'David',
  'Olivia',
  'Daniel',
  'Sophia',
  'Matthew',
  'Emma',
  'Christopher',
  'Ava',
  'Andrew',
  'Isabella',
  'Joshua',
  'Mia',
  'Ryan',
  'Charlotte',
  'Benjamin',
  'Amelia',
  'Thomas',
  'Grace',
  'William',
  'Chloe',
  'Lucas',
  'Hannah',
  'Ethan',
  'Lily',
  'Alexander',
  'Zoe',
  'Jack',
  'Ella',
  'Henry',
  'Natalie',
  'Samuel',
  'Laura',
  'Oliver',
  'Rachel',
  'Nathan',
  'Priya',
  'Raj',
  'Aisha',
  'Carlos',
  'Sofia',
  'Lars',
  'Ingrid',
  'Pierre',
  'Amélie',
  'Kenji',
  'Yuki',
  'Minjun',
  'Anna',
  'Marco',
];
const lastNames = [
  'Johnson',
  'Smith',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Carter',
  'Mitchell',
  'Roberts',
  'Turner',
  'Phillips',
  'Campbell',
  'Parker',
  'Evans',
  'Edwards',
  'Collins',
  'Stewart',
  'Morris',
  'Murphy',
  'Cook',
  'Patel',
  'Müller',
  'Schmidt',
  'Dubois',
  'Rossi',
  'Tanaka',
  'Suzuki',
  'Kim',
  'Nguyen',
  "O'Brien",
  'Novak',
  'Jensen',
  'Silva',
];

type Lang = 'zh' | 'en';

interface Person {
  name: string;
  /** Local part of an e-mail address. */
  handle: string;
  lang: Lang;
}

function aPerson(rng: Random, lang: Lang): Person {
  if (lang === 'zh') {
    const [surname, sp] = rng.pick(surnames);
    const [given, gp] = rng.pick(givenNames);
    return { name: surname + given, handle: `${gp}.${sp}`, lang };
  }
  const first = rng.pick(firstNames);
  const last = rng.pick(lastNames);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return { name: `${first} ${last}`, handle: `${ascii(first)}.${ascii(last)}`, lang };
}

/** E-mail addresses unique within one template. */
class Mailboxes {
  private readonly used = new Set<string>();
  address(handle: string, domain: string): string {
    let address = `${handle}@${domain}`;
    for (let n = 2; this.used.has(address); n++) address = `${handle}${n}@${domain}`;
    this.used.add(address);
    return address;
  }
}

const chineseCities: [string, string, string, string][] = [
  ['北京', 'beijing', 'north_china', '10'],
  ['上海', 'shanghai', 'east_china', '21'],
  ['深圳', 'shenzhen', 'south_china', '755'],
  ['广州', 'guangzhou', 'south_china', '20'],
  ['杭州', 'hangzhou', 'east_china', '571'],
  ['苏州', 'suzhou', 'east_china', '512'],
  ['南京', 'nanjing', 'east_china', '25'],
  ['成都', 'chengdu', 'central_west_china', '28'],
  ['武汉', 'wuhan', 'central_west_china', '27'],
  ['西安', 'xian', 'central_west_china', '29'],
  ['重庆', 'chongqing', 'central_west_china', '23'],
  ['天津', 'tianjin', 'north_china', '22'],
  ['青岛', 'qingdao', 'north_china', '532'],
  ['厦门', 'xiamen', 'south_china', '592'],
  ['长沙', 'changsha', 'central_west_china', '731'],
  ['宁波', 'ningbo', 'east_china', '574'],
];
const westernCities: [string, string, string, string][] = [
  ['New York', 'United States', 'north_america', '1'],
  ['San Francisco', 'United States', 'north_america', '1'],
  ['Chicago', 'United States', 'north_america', '1'],
  ['Toronto', 'Canada', 'north_america', '1'],
  ['London', 'United Kingdom', 'europe', '44'],
  ['Berlin', 'Germany', 'europe', '49'],
  ['Paris', 'France', 'europe', '33'],
  ['Amsterdam', 'Netherlands', 'europe', '31'],
  ['Singapore', 'Singapore', 'asia_pacific', '65'],
  ['Sydney', 'Australia', 'asia_pacific', '61'],
  ['Tokyo', 'Japan', 'asia_pacific', '81'],
  ['Seoul', 'South Korea', 'asia_pacific', '82'],
];
const brands: [string, string][] = [
  ['星辰', 'xingchen'],
  ['鼎盛', 'dingsheng'],
  ['华创', 'huachuang'],
  ['云帆', 'yunfan'],
  ['恒信', 'hengxin'],
  ['博远', 'boyuan'],
  ['瑞达', 'ruida'],
  ['嘉禾', 'jiahe'],
  ['天宇', 'tianyu'],
  ['同创', 'tongchuang'],
  ['金石', 'jinshi'],
  ['新元', 'xinyuan'],
  ['卓越', 'zhuoyue'],
  ['远航', 'yuanhang'],
  ['盛世', 'shengshi'],
  ['汇通', 'huitong'],
  ['百川', 'baichuan'],
  ['东方', 'dongfang'],
  ['九州', 'jiuzhou'],
  ['长风', 'changfeng'],
  ['明德', 'mingde'],
  ['凯旋', 'kaixuan'],
  ['锦程', 'jincheng'],
  ['宏图', 'hongtu'],
  ['启航', 'qihang'],
  ['智联', 'zhilian'],
  ['海纳', 'haina'],
  ['晨光', 'chenguang'],
  ['青松', 'qingsong'],
  ['华信', 'huaxin'],
];
const westernBrands = [
  'Northwind',
  'Bluewater',
  'Summit',
  'Redwood',
  'Silverline',
  'Brightpath',
  'Evergreen',
  'Harbor',
  'Pinnacle',
  'Crescent',
  'Ironbridge',
  'Lakeside',
  'Maple',
  'Oakridge',
  'Riverstone',
  'Sterling',
  'Sunrise',
  'Trident',
  'Vertex',
  'Westfield',
  'Apex',
  'Beacon',
  'Cobalt',
  'Horizon',
  'Keystone',
  'Meridian',
  'Nova',
  'Orion',
  'Quantum',
  'Sapphire',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Adatum',
];
const industryWords: Record<string, { zh: string[]; en: string[] }> = {
  technology: {
    zh: ['科技', '网络科技', '软件', '信息技术'],
    en: ['Technologies', 'Software', 'Systems', 'Digital'],
  },
  manufacturing: {
    zh: ['精密制造', '机械', '电子', '智能装备'],
    en: ['Manufacturing', 'Industries', 'Engineering'],
  },
  retail: { zh: ['商贸', '电子商务', '零售'], en: ['Retail Group', 'Trading', 'Traders', 'Stores'] },
  finance: { zh: ['投资管理', '金融服务', '融资租赁'], en: ['Capital', 'Financial', 'Partners'] },
  healthcare: { zh: ['医疗科技', '生物医药', '健康管理'], en: ['Health', 'Medical', 'Biotech'] },
  education: { zh: ['教育科技', '培训'], en: ['Learning', 'Education', 'Academy'] },
  logistics: { zh: ['物流', '供应链管理', '国际货运'], en: ['Logistics', 'Freight', 'Shipping'] },
  energy: { zh: ['新能源', '能源科技', '电力'], en: ['Energy', 'Power', 'Renewables'] },
  media: { zh: ['文化传媒', '影视'], en: ['Media', 'Studios'] },
  public_sector: { zh: ['城市建设投资', '公共服务'], en: ['Public Services', 'Authority'] },
  other: { zh: ['实业', '集团'], en: ['Group', 'Holdings'] },
};
const legalSuffixes = ['Inc.', 'Ltd.', 'LLC', 'GmbH', 'Pte. Ltd.', 'Co.', 'S.A.', 'plc'];

interface Company {
  name: string;
  domain: string;
  lang: Lang;
  industry: string;
  city: string;
  country: string;
  region: string;
  /** Telephone area code (China) or country code. */
  dial: string;
}

/** Companies with distinct names, about 55% Chinese. */
function someCompanies(rng: Random, n: number, industries: readonly string[]): Company[] {
  const names = new Set<string>();
  const companies: Company[] = [];
  while (companies.length < n) {
    const lang: Lang = rng.chance(0.55) ? 'zh' : 'en';
    const industry = rng.pick(industries);
    const words = industryWords[industry] ?? industryWords.other!;
    let company: Company;
    if (lang === 'zh') {
      const [city, cityPinyin, region, dial] = rng.pick(chineseCities);
      const [brand, brandPinyin] = rng.pick(brands);
      const name = `${city}${brand}${rng.pick(words.zh)}有限公司`;
      company = {
        name,
        domain: `${brandPinyin}-${cityPinyin}.cn`,
        lang,
        industry,
        city,
        country: '中国',
        region,
        dial,
      };
    } else {
      const [city, country, region, dial] = rng.pick(westernCities);
      const brand = rng.pick(westernBrands);
      const word = rng.pick(words.en);
      const name = `${brand} ${word} ${rng.pick(legalSuffixes)}`;
      const domain = `${brand}${word.split(' ')[0]}`.toLowerCase().replace(/[^a-z]/g, '');
      company = { name, domain: `${domain}.com`, lang, industry, city, country, region, dial };
    }
    if (names.has(company.name)) continue;
    names.add(company.name);
    companies.push(company);
  }
  return companies;
}

function aPhone(rng: Random, lang: Lang): string {
  if (lang === 'zh')
    return `+86 1${rng.pick(['3', '5', '8', '9'])}${rng.int(0, 9)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
  return `+1 ${rng.int(201, 989)}-${rng.int(200, 999)}-${rng.int(1000, 9999)}`;
}

function anOfficePhone(rng: Random, company: Company): string {
  if (company.lang === 'zh') return `+86 ${company.dial} ${rng.int(6000, 8999)} ${rng.int(1000, 9999)}`;
  return `+${company.dial} ${rng.int(20, 99)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

const jobTitles = {
  zh: [
    '总经理',
    '副总经理',
    '采购经理',
    '信息技术总监',
    '财务总监',
    '运营经理',
    '市场总监',
    '销售经理',
    '行政主管',
    '项目经理',
    '技术负责人',
    '人力资源经理',
    '董事长助理',
    '客服主管',
  ],
  en: [
    'CEO',
    'COO',
    'Head of Procurement',
    'IT Director',
    'CFO',
    'Operations Manager',
    'Marketing Director',
    'Sales Manager',
    'Office Manager',
    'Project Manager',
    'CTO',
    'HR Manager',
    'VP Business Development',
    'Customer Success Lead',
  ],
};

/** "$me" (the installer) most of the time, sometimes nobody. */
const owner = (rng: Random, unassigned = 0.12) => (rng.chance(unassigned) ? null : '$me');

// ---- templates --------------------------------------------------------------------------------

const generators: Record<string, (rng: Random) => SampleData> = {
  customer: customerData,
  pipeline: pipelineData,
  service: serviceData,
  marketing: marketingData,
};

const seeds: Record<string, number> = { customer: 1001, pipeline: 2002, service: 3003, marketing: 4004 };

// ---- customer ---------------------------------------------------------------------------------

function customerData(rng: Random): SampleData {
  const mail = new Mailboxes();
  const industries = [
    'technology',
    'manufacturing',
    'retail',
    'finance',
    'healthcare',
    'education',
    'logistics',
    'energy',
    'media',
    'public_sector',
    'other',
  ];
  const companies = someCompanies(rng, 80, industries);
  const companyRecords: SampleRecord[] = [];
  const companyInfo: { key: string; company: Company; weight: number; segment: string }[] = [];
  companies.forEach((company, i) => {
    const segment = rng.weighted([
      ['strategic', 8],
      ['key', 17],
      ['growth', 35],
      ['standard', 40],
    ] as const);
    const status = rng.weighted([
      ['active', 55],
      ['prospect', 25],
      ['partner', 8],
      ['churned', 12],
    ] as const);
    const revenueBase = { strategic: 400e6, key: 80e6, growth: 20e6, standard: 4e6 }[segment];
    const employees = Math.round(rng.logBetween(revenueBase / 600_000, revenueBase / 150_000) + 5);
    const tags: string[] = [];
    if (segment === 'strategic' && rng.chance(0.6)) tags.push('vip');
    if (status === 'active' && rng.chance(0.2)) tags.push('reference');
    if (status === 'active' && rng.chance(0.12)) tags.push('at_risk');
    if ((status === 'active' || status === 'partner') && rng.chance(0.25)) tags.push('upsell');
    if (rng.chance(0.08)) tags.push('partner_referral');
    const key = `co${i + 1}`;
    const fields: Fields = {
      name: company.name,
      industry: company.industry,
      segment,
      status,
      region: company.region,
      country: company.country,
      city: company.city,
      address:
        company.lang === 'zh'
          ? `${company.city}市${rng.pick(['高新区', '经济开发区', '朝阳区', '浦东新区', '南山区', '天河区', '滨江区', '工业园区'])}${rng.pick(['科技路', '创新大道', '中山路', '人民路', '建设路', '金融街'])}${rng.int(1, 999)}号`
          : `${rng.int(1, 2500)} ${rng.pick(['Market', 'Main', 'Oak', 'Harbour', 'King', 'Station', 'Park'])} ${rng.pick(['Street', 'Avenue', 'Road', 'Boulevard'])}, ${company.city}`,
      website: `https://www.${company.domain}`,
      phone: anOfficePhone(rng, company),
      annual_revenue: round(rng.logBetween(revenueBase * 0.4, revenueBase * 2.5), 10_000),
      employees,
      owner: owner(rng, 0.1),
    };
    if (status !== 'prospect') fields.customer_since = day(-rng.int(120, 2200));
    if (tags.length) fields.tags = tags;
    if (rng.chance(0.35))
      fields.description =
        company.lang === 'zh'
          ? rng.pick([
              '年度框架协议客户，每季度召开业务回顾会。',
              '正在评估二期项目，关注系统集成与数据安全。',
              '付款及时，采购流程较长，需提前两个月准备预算材料。',
              '由合作伙伴引荐，决策链较短，老板直接拍板。',
              '去年服务体验一般，今年需重点维护关系。',
            ])
          : rng.pick([
              'Annual framework agreement; quarterly business reviews with the COO.',
              'Evaluating phase two; security review and SSO are must-haves.',
              'Pays on time but procurement takes about eight weeks.',
              'Introduced by a partner; the founder signs off on every purchase.',
              'Had a rough onboarding last year; needs extra attention.',
            ]);
    companyRecords.push({ key, fields });
    const weight =
      { strategic: 6, key: 4, growth: 2, standard: 1 }[segment] * (status === 'churned' ? 0.3 : 1);
    companyInfo.push({ key, company, weight, segment });
  });

  const contactRecords: SampleRecord[] = [];
  const contactInfo: { key: string; companyKey: string; lang: Lang; weight: number }[] = [];
  const perCompany = companyInfo.map((c) => Math.max(1, Math.round(c.weight / 1.2 + rng.int(0, 2))));
  const scale = 240 / perCompany.reduce((a, b) => a + b, 0);
  let contactIndex = 0;
  companyInfo.forEach((info, i) => {
    const count = Math.max(1, Math.round(perCompany[i]! * scale));
    for (let c = 0; c < count && contactIndex < 240; c++) {
      const lang: Lang = rng.chance(info.company.lang === 'zh' ? 0.92 : 0.15) ? 'zh' : 'en';
      const person = aPerson(rng, lang);
      const key = `ct${++contactIndex}`;
      const role =
        c === 0
          ? 'decision_maker'
          : rng.weighted([
              ['champion', 15],
              ['influencer', 30],
              ['user', 40],
              ['gatekeeper', 15],
            ] as const);
      const fields: Fields = {
        name: person.name,
        title: rng.pick(jobTitles[info.company.lang]),
        company: [`@${info.key}`],
        email: mail.address(person.handle, info.company.domain),
        phone: anOfficePhone(rng, info.company),
        mobile: aPhone(rng, lang),
        role,
        status: rng.weighted([
          ['active', 85],
          ['inactive', 9],
          ['left_company', 6],
        ] as const),
        preferred_channel:
          lang === 'zh'
            ? rng.weighted([
                ['wechat', 50],
                ['phone', 25],
                ['email', 15],
                ['meeting', 10],
              ] as const)
            : rng.weighted([
                ['email', 55],
                ['phone', 25],
                ['meeting', 20],
              ] as const),
        language: lang,
        lead_source: rng.pick(['website', 'referral', 'event', 'cold_outreach', 'partner', 'social']),
        owner: owner(rng, 0.08),
      };
      if (lang === 'zh' && rng.chance(0.7))
        fields.wechat = `${person.handle.replace('.', '_')}${rng.int(10, 99)}`;
      if (rng.chance(0.05)) fields.do_not_contact = true;
      if (rng.chance(0.2))
        fields.notes =
          lang === 'zh'
            ? rng.pick([
                '喜欢先看书面方案再约会议。',
                '周五下午不方便联系。',
                '对价格敏感，关注投资回报。',
                '技术背景，沟通可直接谈架构细节。',
              ])
            : rng.pick([
                'Prefers a written proposal before any meeting.',
                'Based in a different time zone; mornings work best.',
                'Very price-sensitive; lead with ROI.',
                'Technical background; happy to go deep on architecture.',
              ]);
      contactRecords.push({ key, fields });
      contactInfo.push({
        key,
        companyKey: info.key,
        lang,
        weight: info.weight * (role === 'decision_maker' || role === 'champion' ? 1.5 : 1),
      });
    }
  });

  const subjects = {
    call: {
      en: [
        'Quarterly check-in call',
        'Renewal terms discussion',
        'Follow-up on the proposal',
        'Support escalation call',
        'Intro call with new stakeholder',
        'Pricing questions',
        'Onboarding progress review',
      ],
      zh: [
        '季度回访电话',
        '续约条款沟通',
        '方案跟进电话',
        '服务升级问题沟通',
        '新对接人介绍电话',
        '报价问题答疑',
        '上线进度回顾',
      ],
    },
    email: {
      en: [
        'Sent the updated proposal',
        'Shared case studies',
        'Meeting recap and next steps',
        'Invoice clarification',
        'Introduced our solutions engineer',
        'Answered security questionnaire',
      ],
      zh: [
        '发送更新版方案',
        '分享行业客户案例',
        '会议纪要及下一步',
        '发票问题说明',
        '引荐售前工程师',
        '回复信息安全问卷',
      ],
    },
    meeting: {
      en: [
        'On-site product demo',
        'Executive business review',
        'Workshop: requirements',
        'Contract negotiation meeting',
        'Lunch with the champion',
        'Kick-off meeting',
      ],
      zh: [
        '上门产品演示',
        '高层业务回顾会',
        '需求调研研讨会',
        '合同谈判会议',
        '与内部支持者午餐沟通',
        '项目启动会',
      ],
    },
    chat: {
      en: [
        'Quick question on reporting',
        'Chat about trial extension',
        'Asked for a reference customer',
        'Shared the webinar link',
        'Feature request via chat',
      ],
      zh: ['微信咨询报表功能', '沟通试用延期', '希望参观标杆客户', '发送线上研讨会链接', '微信反馈功能需求'],
    },
  } as const;
  const summaries = {
    en: [
      'They are happy with adoption so far; the sales team uses it daily. Asked about adding the service department next quarter.',
      'Budget for next year is being finalised. They need a revised quote with three-year pricing by the end of the month.',
      'Raised concerns about response times on two support tickets. Promised a follow-up from the service manager.',
      'Walked through the dashboards and the approval workflow. The CFO wants to see the audit log before deciding.',
      'New head of IT joined; explained our roadmap and agreed to a technical deep-dive.',
      'Competitor offered a lower price. Positioned our implementation support and local team.',
      'Confirmed go-live date. Training for 40 users to be scheduled in two sessions.',
      'No answer; left a voicemail and sent a short e-mail.',
    ],
    zh: [
      '目前使用情况良好，销售团队每天都在用。询问下季度是否可以扩展到客服部门。',
      '明年预算正在定稿，需要在月底前提供三年期的报价方案。',
      '客户反映有两张工单响应较慢，已承诺由服务经理跟进回复。',
      '演示了数据看板和审批流程，财务总监希望先查看审计日志功能再做决定。',
      '新任信息技术负责人到岗，介绍了产品路线图，约定下周进行技术交流。',
      '竞争对手报价更低，我们重点强调了本地化实施团队和服务响应。',
      '确认了上线日期，40名用户的培训分两场进行。',
      '电话未接通，已留言并发送简短邮件。',
    ],
  };
  const nextSteps = {
    en: [
      'Send revised quote',
      'Schedule technical deep-dive',
      'Book training sessions',
      'Introduce to reference customer',
      'Check in after budget approval',
    ],
    zh: ['发送修订版报价', '安排技术交流会', '预约培训场次', '安排参观标杆客户', '预算审批后再跟进'],
  };
  const interactionRecords: SampleRecord[] = [];
  const totalWeight = contactInfo.reduce((sum, c) => sum + c.weight, 0);
  const pickContact = () => {
    let roll = rng.next() * totalWeight;
    for (const c of contactInfo) {
      roll -= c.weight;
      if (roll < 0) return c;
    }
    return contactInfo[contactInfo.length - 1]!;
  };
  for (let i = 0; i < 600; i++) {
    const contact = pickContact();
    const channel = rng.weighted([
      ['call', 35],
      ['email', 30],
      ['meeting', 15],
      ['chat', 20],
    ] as const);
    const lang = contact.lang;
    const offset = recentPast(rng, 365);
    const fields: Fields = {
      subject: rng.pick(subjects[channel][lang]),
      channel,
      direction: rng.chance(channel === 'chat' ? 0.6 : 0.35) ? 'inbound' : 'outbound',
      occurred_at: instant(rng, offset),
      company: [`@${contact.companyKey}`],
      contact: [`@${contact.key}`],
      summary: rng.pick(summaries[lang]),
      outcome: rng.weighted([
        ['positive', 45],
        ['neutral', 35],
        ['negative', 8],
        ['no_response', 12],
      ] as const),
      owner: owner(rng, 0.05),
    };
    if (channel === 'call' || channel === 'meeting')
      fields.duration_minutes = channel === 'call' ? rng.int(5, 45) : rng.pick([30, 45, 60, 90, 120]);
    if (rng.chance(0.35)) {
      fields.next_step = rng.pick(nextSteps[lang]);
      fields.follow_up_date = day(Math.min(offset + rng.int(3, 21), offset < -30 ? -1 : 30));
    }
    interactionRecords.push({ fields });
  }
  interactionRecords.sort((a, b) => String(a.fields.occurred_at).localeCompare(String(b.fields.occurred_at)));
  return { companies: companyRecords, contacts: contactRecords, interactions: interactionRecords };
}

// ---- pipeline ---------------------------------------------------------------------------------

const productCatalogue: [string, string, string, number, number][] = [
  // name, sku, category, list price, unit cost
  ['CRM Professional licence (per user / year)', 'SW-CRM-PRO', 'software', 600, 90],
  ['CRM Enterprise licence (per user / year)', 'SW-CRM-ENT', 'software', 1200, 160],
  ['数据分析模块（企业版）', 'SW-ANALYTICS', 'software', 8000, 1200],
  ['Mobile field sales suite', 'SW-MOBILE', 'software', 3000, 400],
  ['Cloud hosting – Standard (annual)', 'SUB-HOST-STD', 'subscription', 4800, 2100],
  ['云托管高级版（年付）', 'SUB-HOST-PRM', 'subscription', 12000, 5200],
  ['E-mail marketing add-on (annual)', 'SUB-EMAIL', 'subscription', 2400, 700],
  ['短信通知包（10万条）', 'SUB-SMS-100K', 'subscription', 1500, 900],
  ['Barcode scanner kit', 'HW-SCANNER', 'hardware', 350, 210],
  ['智能门店终端', 'HW-POS', 'hardware', 2200, 1450],
  ['Thermal receipt printer', 'HW-PRINTER', 'hardware', 280, 160],
  ['会议室视频终端', 'HW-VIDEO', 'hardware', 5600, 3900],
  ['Implementation – standard package', 'PS-IMPL-STD', 'professional_services', 15000, 8000],
  ['数据迁移服务', 'PS-MIGRATION', 'professional_services', 6000, 3000],
  ['Custom integration (per day)', 'PS-INTEG-DAY', 'professional_services', 1200, 650],
  ['流程咨询（按天）', 'PS-CONSULT-DAY', 'professional_services', 1000, 550],
  ['Administrator training (2 days)', 'TR-ADMIN', 'training', 3000, 1200],
  ['最终用户培训（每场）', 'TR-USER', 'training', 1500, 600],
  ['Online academy seats (pack of 10)', 'TR-ACADEMY-10', 'training', 900, 150],
  ['Premium support (annual)', 'SUP-PREMIUM', 'support', 5000, 1800],
  ['7×24 企业级支持（年付）', 'SUP-ENT-247', 'support', 15000, 6500],
  ['System health check', 'SUP-HEALTH', 'support', 2500, 900],
  ['驻场支持（按周）', 'SUP-ONSITE-WK', 'support', 8000, 4800],
  ['Extended hardware warranty (3 years)', 'SUP-WARRANTY-3Y', 'support', 900, 250],
];

function pipelineData(rng: Random): SampleData {
  const mail = new Mailboxes();
  const industries = [
    'technology',
    'manufacturing',
    'retail',
    'finance',
    'healthcare',
    'education',
    'logistics',
    'energy',
    'other',
  ];
  const regions = new Set([
    'east_china',
    'north_china',
    'south_china',
    'central_west_china',
    'asia_pacific',
    'north_america',
    'europe',
  ]);
  const companies = someCompanies(rng, 60, industries).filter((c) => regions.has(c.region));
  const accounts: SampleRecord[] = companies.map((company, i) => ({
    key: `ac${i + 1}`,
    fields: {
      name: company.name,
      industry: company.industry,
      region: company.region,
      website: `https://www.${company.domain}`,
      phone: anOfficePhone(rng, company),
      owner: owner(rng, 0.05),
    },
  }));

  const products: SampleRecord[] = productCatalogue.map(([name, sku, category, price, cost], i) => ({
    key: `pr${i + 1}`,
    fields: {
      name,
      sku,
      category,
      unit_price: price,
      unit_cost: cost,
      active: !(sku === 'HW-PRINTER' || sku === 'SUB-SMS-100K'),
      description: /[\u4e00-\u9fff]/.test(name)
        ? `${name}，含标准交付与基础文档。`
        : `${name}. Includes standard delivery and documentation.`,
    },
  }));

  const leadCompanies = someCompanies(rng, 220, industries);
  const leads: SampleRecord[] = [];
  const convertedLeads: string[] = [];
  leadCompanies.forEach((company, i) => {
    const person = aPerson(rng, rng.chance(company.lang === 'zh' ? 0.93 : 0.1) ? 'zh' : 'en');
    const status = rng.weighted([
      ['new', 20],
      ['contacted', 25],
      ['qualified', 15],
      ['unqualified', 15],
      ['converted', 25],
    ] as const);
    const key = `ld${i + 1}`;
    const fields: Fields = {
      name: person.name,
      company_name: company.name,
      title: rng.pick(jobTitles[company.lang]),
      email: mail.address(person.handle, company.domain),
      phone: aPhone(rng, person.lang),
      source: rng.weighted([
        ['website', 30],
        ['referral', 15],
        ['event', 15],
        ['cold_call', 10],
        ['advertising', 12],
        ['partner', 8],
        ['social', 10],
      ] as const),
      status,
      score: rng.int(1, 5),
      industry: company.industry,
      region: regions.has(company.region) ? company.region : 'asia_pacific',
      estimated_value: round(rng.logBetween(5000, 300000), 1000),
      owner: status === 'new' ? owner(rng, 0.4) : owner(rng, 0.03),
    };
    if (status === 'new' || status === 'contacted' || status === 'qualified')
      fields.next_follow_up = day(rng.int(-5, 21));
    if (rng.chance(0.3))
      fields.notes =
        person.lang === 'zh'
          ? rng.pick([
              '官网提交演示申请，希望了解移动端功能。',
              '展会上交换名片，对数据分析模块感兴趣。',
              '现有系统即将到期，今年第四季度选型。',
              '预算有限，先从10个用户开始试点。',
            ])
          : rng.pick([
              'Requested a demo from the website; interested in mobile.',
              'Met at the trade show; asked about analytics.',
              'Current vendor contract ends in Q4; evaluating options.',
              'Small budget; wants a 10-seat pilot first.',
            ]);
    if (status === 'converted') convertedLeads.push(key);
    leads.push({ key, fields });
  });

  const needs = {
    zh: [
      'CRM 实施项目',
      '销售团队扩容',
      '数据分析平台',
      '门店终端升级',
      '年度续约',
      '客服系统对接',
      '移动销售套件',
      '企业级支持升级',
    ],
    en: [
      'CRM rollout',
      'Sales team expansion',
      'Analytics platform',
      'Store hardware refresh',
      'Annual renewal',
      'Service desk integration',
      'Mobile sales suite',
      'Enterprise support upgrade',
    ],
  };
  const opportunities: SampleRecord[] = [];
  const quotes: SampleRecord[] = [];
  const lines: SampleRecord[] = [];
  const orders: SampleRecord[] = [];
  const freeLeads = rng.sample(convertedLeads, convertedLeads.length);
  for (let i = 0; i < 180; i++) {
    const accountIndex = rng.int(0, accounts.length - 1);
    const company = companies[accountIndex]!;
    const stage = rng.weighted([
      ['lead', 12],
      ['qualified', 18],
      ['proposal', 18],
      ['negotiation', 12],
      ['won', 25],
      ['lost', 15],
    ] as const);
    const closed = stage === 'won' || stage === 'lost';
    const closeOffset = closed ? -rng.int(1, 330) : rng.int(-10, 150);
    const type = rng.weighted([
      ['new_business', 60],
      ['upsell', 25],
      ['renewal', 15],
    ] as const);
    const shortName =
      company.lang === 'zh'
        ? company.name
            .replace(/^(北京|上海|深圳|广州|杭州|苏州|南京|成都|武汉|西安|重庆|天津|青岛|厦门|长沙|宁波)/, '')
            .replace(/有限公司$/, '')
        : company.name.split(' ')[0]!;
    const need = rng.pick(needs[company.lang]);
    const key = `op${i + 1}`;
    const fields: Fields = {
      name: company.lang === 'zh' ? `${shortName} – ${need}` : `${shortName} – ${need}`,
      account: [`@ac${accountIndex + 1}`],
      stage,
      close_date: day(closeOffset),
      type,
      source:
        type === 'new_business'
          ? rng.pick(['website', 'referral', 'event', 'cold_call', 'advertising', 'partner'])
          : 'existing_customer',
      owner: owner(rng, 0.04),
    };
    if (type === 'new_business' && freeLeads.length && rng.chance(0.6)) fields.lead = [`@${freeLeads.pop()}`];
    if (!closed && stage !== 'lead')
      fields.next_step =
        company.lang === 'zh'
          ? rng.pick(['发送报价', '安排技术交流', '约见采购负责人', '提交合同草稿', '安排高层拜访'])
          : rng.pick([
              'Send quote',
              'Technical deep-dive',
              'Meet procurement',
              'Send contract draft',
              'Executive sponsor call',
            ]);
    if (stage === 'lost') {
      fields.lost_reason = rng.weighted([
        ['price', 30],
        ['competitor', 30],
        ['no_budget', 15],
        ['no_decision', 10],
        ['timing', 10],
        ['product_fit', 5],
      ] as const);
      if (fields.lost_reason === 'competitor' || rng.chance(0.3))
        fields.competitor = rng.pick([
          'Salesforce',
          'HubSpot',
          'Zoho',
          '纷享销客',
          '销售易',
          'Microsoft Dynamics',
        ]);
    }
    // Opportunities from proposal on carry quotes; their amount is the latest quote's total.
    let amount = round(rng.logBetween(5000, 400000), 500);
    const quoted =
      stage === 'proposal' ||
      stage === 'negotiation' ||
      stage === 'won' ||
      (stage === 'lost' && rng.chance(0.7)) ||
      (stage === 'qualified' && rng.chance(0.2));
    let acceptedQuote: string | undefined;
    if (quoted && quotes.length < 115) {
      const versions =
        stage === 'negotiation' || stage === 'won'
          ? rng.weighted([
              [1, 60],
              [2, 40],
            ] as const)
          : 1;
      for (let v = 1; v <= versions; v++) {
        const latest = v === versions;
        const quoteKey = `qt${quotes.length + 1}`;
        const issued = closeOffset - rng.int(10, 45) + (v - versions) * rng.int(10, 20);
        const discount = rng.weighted([
          [0, 50],
          [5, 25],
          [10, 18],
          [15, 7],
        ] as const);
        let subtotal = 0;
        const picks = rng.sample(products, rng.int(2, 5));
        for (const product of picks) {
          const price = product.fields.unit_price as number;
          const category = product.fields.category as string;
          const quantity =
            category === 'software'
              ? rng.pick([10, 20, 25, 50, 100])
              : category === 'hardware'
                ? rng.int(2, 40)
                : category === 'professional_services' && String(product.fields.sku).endsWith('DAY')
                  ? rng.int(3, 20)
                  : 1;
          const unitPrice = rng.chance(0.25) ? money(price * rng.pick([0.9, 0.92, 0.95])) : price;
          const lineDiscount = rng.chance(0.15) ? rng.pick([5, 10]) : 0;
          const lineFields: Fields = {
            item: String(product.fields.name),
            quote: [`@${quoteKey}`],
            product: [`@${product.key}`],
            quantity,
            unit_price: unitPrice,
          };
          if (lineDiscount) lineFields.discount_pct = lineDiscount;
          lines.push({ fields: lineFields });
          subtotal += money(quantity * unitPrice * (1 - lineDiscount / 100));
        }
        const total = money(subtotal * (1 - discount / 100));
        if (latest) amount = total;
        const status = !latest
          ? 'expired'
          : stage === 'won'
            ? 'accepted'
            : stage === 'lost'
              ? 'rejected'
              : stage === 'qualified'
                ? 'draft'
                : rng.chance(0.8)
                  ? 'sent'
                  : 'draft';
        const quoteFields: Fields = {
          title: `${fields.name as string}${versions > 1 ? ` (v${v})` : ''}`,
          opportunity: [`@${key}`],
          status,
          issue_date: day(Math.min(issued, 0)),
          valid_until: day(Math.min(issued, 0) + 30),
          owner: '$me',
          terms:
            company.lang === 'zh'
              ? '报价有效期30天；含税价；实施费用按里程碑支付。'
              : 'Valid for 30 days. Prices exclude VAT. Services invoiced by milestone.',
        };
        if (discount) quoteFields.discount_pct = discount;
        quotes.push({ key: quoteKey, fields: quoteFields });
        if (status === 'accepted') acceptedQuote = quoteKey;
      }
    }
    fields.amount = amount;
    if (rng.chance(0.25))
      fields.description =
        company.lang === 'zh'
          ? '客户希望分阶段上线，第一阶段覆盖销售部门，第二阶段扩展至客服与市场。'
          : 'Phased rollout: sales first, then service and marketing in the second phase.';
    opportunities.push({ key, fields });
    if (stage === 'won' && orders.length < 70) {
      const orderOffset = Math.min(closeOffset + rng.int(0, 10), 0);
      const age = -orderOffset;
      const status =
        age > 90
          ? rng.weighted([
              ['paid', 85],
              ['invoiced', 10],
              ['cancelled', 5],
            ] as const)
          : age > 30
            ? rng.weighted([
                ['paid', 45],
                ['invoiced', 30],
                ['fulfilled', 25],
              ] as const)
            : rng.weighted([
                ['pending', 30],
                ['confirmed', 40],
                ['fulfilled', 30],
              ] as const);
      const terms = rng.weighted([
        ['prepaid', 20],
        ['net_30', 55],
        ['net_60', 25],
      ] as const);
      const orderFields: Fields = {
        title: fields.name,
        account: fields.account,
        opportunity: [`@${key}`],
        order_date: day(orderOffset),
        amount,
        status,
        payment_terms: terms,
        delivery_date: day(orderOffset + rng.int(7, 45)),
        owner: '$me',
      };
      if (acceptedQuote) orderFields.quote = [`@${acceptedQuote}`];
      if (status === 'paid')
        orderFields.paid_on = day(
          Math.min(
            orderOffset +
              (terms === 'prepaid' ? rng.int(0, 5) : terms === 'net_30' ? rng.int(20, 45) : rng.int(45, 80)),
            -1,
          ),
        );
      orders.push({ fields: orderFields });
    }
  }
  orders.sort((a, b) => String(a.fields.order_date).localeCompare(String(b.fields.order_date)));
  invoice(orders, opportunities);
  return { accounts, leads, products, opportunities, quotes, quote_lines: lines, orders };
}

/**
 * Invoice numbers in order-date order for the orders finance has invoiced (or been paid for),
 * invoiced on delivery (or on payment, if that came first); their won opportunities carry the
 * same number. Won deals without one are what finance still has to invoice.
 */
function invoice(orders: SampleRecord[], opportunities: SampleRecord[]) {
  const byKey = new Map(opportunities.map((o) => [o.key, o]));
  const today = day(0);
  let sequence = 0;
  for (const order of orders) {
    const { status, delivery_date: delivered, paid_on: paid, opportunity } = order.fields;
    if (status !== 'invoiced' && status !== 'paid') continue;
    sequence++;
    const on = [String(delivered), String(paid ?? today), today].sort()[0]!;
    const number = `INV-${on.slice(0, 4)}-${String(sequence).padStart(4, '0')}`;
    order.fields.invoice_number = number;
    order.fields.invoice_date = on;
    const won = byKey.get(String((opportunity as string[])[0]).slice(1));
    if (won) {
      won.fields.invoice_number = number;
      won.fields.invoiced_on = on;
    }
  }
}

// ---- service ----------------------------------------------------------------------------------

const kbArticles: [string, string, string, string][] = [
  // title, category, language, summary
  [
    'Getting started: your first week',
    'getting_started',
    'en',
    'Set up users, import data and invite your team.',
  ],
  ['新手入门：第一周上手指南', 'getting_started', 'zh', '添加用户、导入数据并邀请团队成员。'],
  ['Importing customers from a spreadsheet', 'how_to', 'en', 'Map columns, fix errors and avoid duplicates.'],
  ['如何从 Excel 批量导入客户', 'how_to', 'zh', '字段映射、错误处理与查重。'],
  ['Resetting a forgotten password', 'account', 'en', 'Self-service reset and what admins can do.'],
  ['忘记密码怎么办', 'account', 'zh', '自助重置密码以及管理员操作说明。'],
  [
    'Setting up two-factor authentication',
    'account',
    'en',
    'Protect your account with an authenticator app.',
  ],
  ['开启双重身份验证', 'account', 'zh', '使用验证器应用保护账户安全。'],
  ['Understanding your invoice', 'billing', 'en', 'What each line on the invoice means.'],
  ['发票内容说明', 'billing', 'zh', '账单中各项费用的含义。'],
  ['Changing your plan or number of seats', 'billing', 'en', 'Upgrade, downgrade and proration.'],
  ['如何变更套餐或用户数', 'billing', 'zh', '升级、降级及费用折算规则。'],
  ['Payment methods we accept', 'billing', 'en', 'Cards, bank transfer and purchase orders.'],
  ['对公转账付款流程', 'billing', 'zh', '对公账户信息及到账确认时间。'],
  ['The app is slow: what to check', 'troubleshooting', 'en', 'Browser, network and large views.'],
  ['系统访问缓慢的排查步骤', 'troubleshooting', 'zh', '浏览器、网络及大数据量视图的排查方法。'],
  ['E-mails are not being delivered', 'troubleshooting', 'en', 'SPF, DKIM and the delivery log.'],
  ['邮件通知收不到怎么办', 'troubleshooting', 'zh', '检查垃圾邮件箱、发信域名配置与发送日志。'],
  ['Sync errors on the mobile app', 'troubleshooting', 'en', 'Offline mode, conflicts and re-sync.'],
  ['手机端同步失败处理', 'troubleshooting', 'zh', '离线模式、数据冲突与重新同步。'],
  ['Connecting to WeChat Work', 'integrations', 'en', 'Single sign-on and message notifications.'],
  ['对接企业微信', 'integrations', 'zh', '单点登录与消息通知配置。'],
  ['Using the REST API', 'integrations', 'en', 'Tokens, rate limits and examples.'],
  ['API 接口调用说明', 'integrations', 'zh', '令牌、调用频率限制与示例。'],
  ['Webhooks: receive events in your system', 'integrations', 'en', 'Signatures, retries and testing.'],
  ['Building a kanban pipeline', 'how_to', 'en', 'Group by stage and drag deals across.'],
  ['如何配置销售看板', 'how_to', 'zh', '按阶段分组并拖拽卡片推进商机。'],
  ['Creating a public form', 'how_to', 'en', 'Share a link anyone can fill in.'],
  ['创建公开表单收集线索', 'how_to', 'zh', '生成公开链接，任何人都可以填写。'],
  ['Exporting data to CSV', 'how_to', 'en', 'Export any view, including filters.'],
  ['数据导出为 CSV', 'how_to', 'zh', '按视图导出，保留筛选条件。'],
  ['Service level agreement (SLA) policy', 'policies', 'en', 'Response and resolution targets by priority.'],
  ['服务等级协议（SLA）说明', 'policies', 'zh', '各优先级的响应与解决时限。'],
  ['Data retention and privacy', 'policies', 'en', 'How long we keep data and how to delete it.'],
  ['数据保留与隐私政策', 'policies', 'zh', '数据保存期限及删除方式。'],
  ['Refund policy', 'policies', 'en', 'When and how refunds are issued.'],
  ['Hardware delivery and installation', 'how_to', 'en', 'Delivery times and on-site installation.'],
  ['硬件配送与上门安装', 'how_to', 'zh', '配送时效与上门安装预约。'],
  ['Printer not printing receipts', 'troubleshooting', 'en', 'Drivers, paper and connection checks.'],
  ['扫码枪无法识别条码', 'troubleshooting', 'zh', '驱动、条码格式与连接检查。'],
];

const ticketTopics: Record<string, { en: [string, string][]; zh: [string, string][] }> = {
  billing: {
    en: [
      ['Charged twice this month', 'Our card statement shows two charges for the same invoice.'],
      ['Need a VAT invoice', "Please re-issue last month's invoice with our tax number."],
      ['Question about proration', 'We added 5 seats mid-month; the amount looks higher than expected.'],
    ],
    zh: [
      ['本月重复扣费', '银行流水显示同一张账单扣款两次，请核实。'],
      ['需要开具增值税专用发票', '请按我司税号重新开具上月发票。'],
      ['增加用户后费用计算疑问', '月中新增5个账号，账单金额比预期高。'],
    ],
  },
  technical: {
    en: [
      ['Dashboard will not load', 'The sales dashboard spins forever since this morning.'],
      ['Mobile app crashes on login', 'Several reps report the app closes right after signing in.'],
      ['Export to CSV times out', 'Exporting the full contacts view fails after a minute.'],
      ['Webhook deliveries failing', 'Our endpoint receives no events since yesterday.'],
    ],
    zh: [
      ['数据看板无法加载', '从今天早上开始，销售看板一直在转圈。'],
      ['手机端登录后闪退', '多位销售反映登录后应用立即退出。'],
      ['导出 CSV 超时', '导出全部联系人时一分钟后报错。'],
      ['Webhook 推送失败', '从昨天开始我们的接口收不到任何事件。'],
    ],
  },
  account: {
    en: [
      ['Locked out after 2FA phone change', 'I changed phones and can no longer get codes.'],
      ['Add a new administrator', 'Please make our new IT manager an admin.'],
      ['Single sign-on not working', 'Users get an error when signing in through our identity provider.'],
    ],
    zh: [
      ['更换手机后无法通过双重验证', '换了新手机，收不到验证码，无法登录。'],
      ['新增系统管理员', '请将我们新来的信息技术经理设为管理员。'],
      ['单点登录报错', '员工通过企业微信登录时提示错误。'],
    ],
  },
  delivery: {
    en: [
      ['Scanners not delivered yet', 'Order placed three weeks ago; tracking has not updated.'],
      ['Installation appointment', 'We would like to book on-site installation next week.'],
      ['Damaged printer on arrival', 'One of the receipt printers arrived with a cracked case.'],
    ],
    zh: [
      ['扫码枪尚未到货', '三周前下单，物流信息一直没有更新。'],
      ['预约上门安装', '希望下周安排工程师上门安装门店终端。'],
      ['收到的打印机外壳破损', '一台小票打印机到货时外壳有裂痕。'],
    ],
  },
  product: {
    en: [
      ['How to set up a kanban view', 'We want our pipeline grouped by stage.'],
      ['Can we customise the quote template?', 'Our logo and payment terms should appear on quotes.'],
      ['Bulk update owners', 'A rep left; how do we reassign all her accounts?'],
    ],
    zh: [
      ['如何设置看板视图', '希望按阶段展示销售管道。'],
      ['报价单模板能否自定义', '需要在报价单上显示公司标志和付款条款。'],
      ['批量修改负责人', '一名销售离职，如何把她的客户批量转给其他人？'],
    ],
  },
  other: {
    en: [
      ['Feedback on the new release', 'The new filters are great, but the grid feels slower.'],
      ['Request for a training session', 'Could you run a refresher for our new hires?'],
    ],
    zh: [
      ['新版本使用反馈', '新的筛选功能很好用，但表格视图感觉变慢了。'],
      ['申请培训', '能否为新入职的同事安排一次培训？'],
    ],
  },
};

const complaintTopics = {
  en: [
    ['Unhappy with support response time', 'We waited two days for a reply on an urgent issue.'],
    ['Engineer missed the appointment', 'Nobody showed up for the scheduled installation.'],
    ['Billing error not fixed', 'This is the third time we report the same billing mistake.'],
  ] as [string, string][],
  zh: [
    ['对客服响应速度不满', '紧急问题等了两天才有人回复。'],
    ['工程师未按约定上门', '预约的安装时间没有人来，也没有提前通知。'],
    ['账单错误多次反馈未解决', '同一个账单问题已经是第三次反馈了。'],
  ] as [string, string][],
};

function serviceData(rng: Random): SampleData {
  const mail = new Mailboxes();
  const regions = new Set([
    'east_china',
    'north_china',
    'south_china',
    'central_west_china',
    'asia_pacific',
    'north_america',
    'europe',
  ]);
  const companies = someCompanies(rng, 66, [
    'technology',
    'manufacturing',
    'retail',
    'finance',
    'healthcare',
    'education',
    'logistics',
  ]);
  interface CustomerInfo {
    key: string;
    lang: Lang;
    domain: string;
    tier: string;
    people: Person[];
  }
  const customers: SampleRecord[] = [];
  const info: CustomerInfo[] = [];
  companies.forEach((company, i) => {
    const tier = rng.weighted([
      ['enterprise', 15],
      ['premium', 30],
      ['standard', 55],
    ] as const);
    const key = `cu${i + 1}`;
    customers.push({
      key,
      fields: {
        name: company.name,
        type: 'business',
        tier,
        email: `support@${company.domain}`,
        phone: anOfficePhone(rng, company),
        region: regions.has(company.region) ? company.region : 'asia_pacific',
        account_manager: owner(rng, 0.05),
      },
    });
    const people = Array.from({ length: rng.int(1, 4) }, () =>
      aPerson(rng, rng.chance(company.lang === 'zh' ? 0.9 : 0.1) ? 'zh' : 'en'),
    );
    info.push({ key, lang: company.lang, domain: company.domain, tier, people });
  });
  for (let i = 0; i < 14; i++) {
    const lang: Lang = rng.chance(0.6) ? 'zh' : 'en';
    const person = aPerson(rng, lang);
    const key = `cu${customers.length + 1}`;
    const domain =
      lang === 'zh' ? rng.pick(['qq.com', '163.com', '126.com']) : rng.pick(['gmail.com', 'outlook.com']);
    customers.push({
      key,
      fields: {
        name: person.name,
        type: 'individual',
        tier: 'standard',
        email: mail.address(person.handle, domain),
        phone: aPhone(rng, lang),
        region:
          lang === 'zh'
            ? rng.pick(['east_china', 'north_china', 'south_china'])
            : rng.pick(['north_america', 'europe']),
        account_manager: null,
      },
    });
    info.push({ key, lang, domain, tier: 'standard', people: [person] });
  }

  const articles: SampleRecord[] = kbArticles.map(([title, category, language, summary], i) => {
    const status = i % 10 === 7 ? 'draft' : i % 10 === 8 ? 'in_review' : i === 35 ? 'archived' : 'published';
    const fields: Fields = {
      title,
      category,
      status,
      summary,
      body:
        language === 'zh'
          ? `${summary}\n\n适用范围：所有版本。\n\n操作步骤：\n1. 进入“设置”页面。\n2. 按页面提示完成配置。\n3. 保存后刷新页面确认生效。\n\n如仍无法解决，请提交工单并附上截图。`
          : `${summary}\n\nApplies to: all plans.\n\nSteps:\n1. Open Settings.\n2. Follow the on-screen instructions.\n3. Save and reload the page to confirm.\n\nStill stuck? Open a ticket and attach a screenshot.`,
      language,
      keywords: category.replace('_', ' '),
      author: '$me',
    };
    if (status === 'published' || status === 'archived') {
      const views = Math.round(rng.logBetween(40, 6000));
      fields.published_on = day(-rng.int(20, 700));
      fields.view_count = views;
      fields.helpful_votes = Math.round(views * rng.next() * 0.08);
      fields.unhelpful_votes = Math.round(views * rng.next() * 0.03);
    }
    return { key: `kb${i + 1}`, fields };
  });
  const publishedByCategory = new Map<string, string[]>();
  articles.forEach((a) => {
    if (a.fields.status !== 'published') return;
    const category = a.fields.category as string;
    publishedByCategory.set(category, [...(publishedByCategory.get(category) ?? []), a.key!]);
  });
  const articleFor: Record<string, string[]> = {
    billing: ['billing'],
    technical: ['troubleshooting', 'integrations'],
    account: ['account'],
    delivery: ['how_to'],
    product: ['how_to', 'getting_started'],
    other: ['getting_started'],
  };

  const slaHours: Record<string, number> = { urgent: 4, high: 8, normal: 24, low: 72 };
  const tickets: SampleRecord[] = [];
  const surveys: SampleRecord[] = [];
  const ticketCount = 420;
  const opened: { offset: number; index: number }[] = Array.from({ length: ticketCount }, (_, index) => ({
    offset: recentPast(rng, 180),
    index,
  }));
  opened.sort((a, b) => a.offset - b.offset);
  opened.forEach(({ offset }, i) => {
    const customer = rng.pick(info);
    const person = rng.pick(customer.people);
    const lang = person.lang;
    const type = rng.weighted([
      ['request', 50],
      ['question', 30],
      ['complaint', 20],
    ] as const);
    const category = rng.weighted([
      ['technical', 35],
      ['billing', 18],
      ['account', 15],
      ['product', 17],
      ['delivery', 10],
      ['other', 5],
    ] as const);
    const tierBoost = customer.tier === 'enterprise' ? 1.8 : 1;
    const priority = rng.weighted([
      ['urgent', 8 * tierBoost],
      ['high', 22 * tierBoost],
      ['normal', 50],
      ['low', 20],
    ] as const);
    const [subject, description] =
      type === 'complaint' ? rng.pick(complaintTopics[lang]) : rng.pick(ticketTopics[category]![lang]);
    const openedAt = instant(rng, offset);
    const age = -offset;
    const status =
      age > 14
        ? rng.weighted([
            ['closed', 85],
            ['resolved', 12],
            ['on_hold', 3],
          ] as const)
        : age > 3
          ? rng.weighted([
              ['closed', 35],
              ['resolved', 30],
              ['pending', 15],
              ['open', 15],
              ['on_hold', 5],
            ] as const)
          : rng.weighted([
              ['new', 35],
              ['open', 40],
              ['pending', 15],
              ['resolved', 10],
            ] as const);
    const fields: Fields = {
      subject,
      customer: [`@${customer.key}`],
      contact_name: person.name,
      contact_email: `${person.handle}@${customer.domain}`,
      type,
      priority,
      status,
      channel:
        lang === 'zh'
          ? rng.weighted([
              ['wechat', 30],
              ['phone', 25],
              ['web', 20],
              ['email', 15],
              ['chat', 10],
            ] as const)
          : rng.weighted([
              ['email', 40],
              ['web', 25],
              ['chat', 20],
              ['phone', 15],
            ] as const),
      category,
      assignee: status === 'new' ? owner(rng, 0.6) : '$me',
      opened_at: openedAt,
      description,
    };
    if (status !== 'new')
      fields.first_response_at = addHours(openedAt, rng.next() * (priority === 'urgent' ? 1 : 4) + 0.1);
    const resolved = status === 'resolved' || status === 'closed';
    let breached = false;
    if (resolved) {
      const sla = slaHours[priority]!;
      breached = rng.chance(type === 'complaint' ? 0.25 : 0.12);
      const hours = breached ? sla * (1 + rng.next() * 1.5) : sla * (0.1 + rng.next() * 0.85);
      fields.resolved_at = addHours(openedAt, Math.min(hours, Math.max(age * 24 - 1, 0.5)));
      fields.resolution =
        lang === 'zh'
          ? rng.pick([
              '已远程协助客户完成配置，问题解决。',
              '已退还重复扣款，预计3个工作日到账。',
              '已发送知识库文章，客户确认按步骤操作后恢复正常。',
              '已安排工程师上门更换设备。',
              '已修复缺陷并在新版本中发布。',
            ])
          : rng.pick([
              'Walked the customer through the settings remotely; fixed.',
              'Refunded the duplicate charge; 3 business days to arrive.',
              'Sent the knowledge-base article; customer confirmed it works.',
              'Sent an engineer to replace the device.',
              'Bug fixed and released in the latest version.',
            ]);
      const related = (articleFor[category] ?? [])
        .flatMap((c) => publishedByCategory.get(c) ?? [])
        .filter((key) => {
          const language = articles.find((a) => a.key === key)!.fields.language;
          return language === lang;
        });
      if (related.length && rng.chance(0.55))
        fields.articles = rng.sample(related, rng.int(1, 2)).map((k) => `@${k}`);
    }
    if ((type === 'complaint' || priority === 'urgent') && rng.chance(0.3)) fields.escalated = true;
    const key = `tk${i + 1}`;
    tickets.push({ key, fields });
    if (status === 'closed' && rng.chance(0.62)) {
      const unhappy = breached || type === 'complaint';
      const score = unhappy
        ? rng.weighted([
            [1, 20],
            [2, 25],
            [3, 30],
            [4, 18],
            [5, 7],
          ] as const)
        : rng.weighted([
            [2, 3],
            [3, 10],
            [4, 37],
            [5, 50],
          ] as const);
      const survey: Fields = {
        respondent: person.name,
        email: `${person.handle}@${customer.domain}`,
        ticket_ref: `T-${10001 + i}`,
        ticket: [`@${key}`],
        score,
        resolved: score >= 4 ? 'yes' : score === 3 ? rng.pick(['yes', 'partly']) : rng.pick(['partly', 'no']),
        speed: Math.max(1, Math.min(5, score + rng.int(-1, 1) - (breached ? 1 : 0))),
        agent: Math.max(1, Math.min(5, score + rng.int(-1, 1))),
        recommend: nps(rng, score),
        submitted_at: addHours(fields.resolved_at as string, rng.int(12, 72)),
      };
      if (rng.chance(0.45))
        survey.comments =
          lang === 'zh'
            ? score >= 4
              ? rng.pick(['客服很专业，问题解决得很快。', '响应及时，感谢！', '工程师耐心细致，点赞。'])
              : rng.pick(['等待时间太长了。', '问题反复出现，希望彻底解决。', '沟通不够及时，需要多次催促。'])
            : score >= 4
              ? rng.pick([
                  'Quick and friendly, thanks!',
                  'Solved on the first call.',
                  'Great follow-up from the engineer.',
                ])
              : rng.pick([
                  'Took far too long.',
                  'The issue keeps coming back.',
                  'Had to chase for updates several times.',
                ]);
      surveys.push({ fields: survey });
    }
  });
  surveys.sort((a, b) => String(a.fields.submitted_at).localeCompare(String(b.fields.submitted_at)));
  return { customers, articles, tickets, surveys };
}

/** A 0–10 "would recommend" answer that goes with a 1–5 rating. */
function nps(rng: Random, rating: number): number {
  const [low, high] = (
    [
      [0, 3],
      [2, 5],
      [5, 7],
      [7, 9],
      [8, 10],
    ] as const
  )[rating - 1]!;
  return rng.int(low, high);
}

// ---- marketing --------------------------------------------------------------------------------

function marketingData(rng: Random): SampleData {
  const mail = new Mailboxes();
  const regions = new Set([
    'east_china',
    'north_china',
    'south_china',
    'central_west_china',
    'asia_pacific',
    'north_america',
    'europe',
  ]);
  const industries = ['technology', 'manufacturing', 'retail', 'finance', 'healthcare', 'education', 'other'];
  const companies = someCompanies(rng, 140, industries);
  interface ContactInfo {
    key: string;
    lang: Lang;
    region: string;
    industry: string;
    lifecycle: string;
    interests: string[];
    subscribed: boolean;
    name: string;
    email: string;
    company: string;
  }
  const contacts: SampleRecord[] = [];
  const people: ContactInfo[] = [];
  for (let i = 0; i < 320; i++) {
    const company = rng.pick(companies);
    const person = aPerson(rng, rng.chance(company.lang === 'zh' ? 0.92 : 0.1) ? 'zh' : 'en');
    const lifecycle = rng.weighted([
      ['subscriber', 35],
      ['lead', 25],
      ['mql', 12],
      ['sql', 8],
      ['customer', 12],
      ['dormant', 8],
    ] as const);
    const interests = rng.sample(
      ['product_updates', 'webinars', 'case_studies', 'industry_reports', 'events', 'training'],
      rng.int(1, 3),
    );
    const subscribed = lifecycle === 'dormant' ? rng.chance(0.3) : rng.chance(0.92);
    const region = regions.has(company.region) ? company.region : 'asia_pacific';
    const key = `mc${i + 1}`;
    const email = mail.address(person.handle, company.domain);
    const fields: Fields = {
      name: person.name,
      email,
      phone: aPhone(rng, person.lang),
      company: company.name,
      title: rng.pick(jobTitles[company.lang]),
      city: company.city,
      region,
      industry: company.industry,
      lifecycle,
      source: rng.weighted([
        ['website', 30],
        ['event', 15],
        ['webinar', 15],
        ['social', 12],
        ['search', 12],
        ['referral', 8],
        ['import', 8],
      ] as const),
      interests,
      subscribed,
      owner: owner(rng, 0.05),
    };
    if (subscribed) fields.consent_date = day(-rng.int(5, 900));
    contacts.push({ key, fields });
    people.push({
      key,
      lang: person.lang,
      region,
      industry: company.industry,
      lifecycle,
      interests,
      subscribed,
      name: person.name,
      email,
      company: company.name,
    });
  }

  const segmentDefs: [string, string, string, (c: ContactInfo) => boolean][] = [
    [
      '华东科技企业',
      'rule_based',
      '区域 = 华东 且 行业 = 科技',
      (c) => c.region === 'east_china' && c.industry === 'technology',
    ],
    [
      'Webinar enthusiasts',
      'rule_based',
      'Interests include webinars or training; subscribed',
      (c) => c.subscribed && (c.interests.includes('webinars') || c.interests.includes('training')),
    ],
    [
      'High-intent MQL & SQL',
      'rule_based',
      'Lifecycle is MQL or SQL',
      (c) => c.lifecycle === 'mql' || c.lifecycle === 'sql',
    ],
    ['Existing customers – upsell', 'rule_based', 'Lifecycle is customer', (c) => c.lifecycle === 'customer'],
    [
      'North America & Europe prospects',
      'rule_based',
      'Region is North America or Europe; not a customer',
      (c) => (c.region === 'north_america' || c.region === 'europe') && c.lifecycle !== 'customer',
    ],
    ['沉睡客户唤醒', 'rule_based', '生命周期 = 沉睡', (c) => c.lifecycle === 'dormant'],
    ['制造业决策人', 'static', '制造业联系人（手工整理名单）', (c) => c.industry === 'manufacturing'],
    [
      'Newsletter – engaged readers',
      'static',
      'Subscribed and interested in case studies or reports',
      (c) =>
        c.subscribed && (c.interests.includes('case_studies') || c.interests.includes('industry_reports')),
    ],
  ];
  const segmentMembers = new Map<string, ContactInfo[]>();
  const segments: SampleRecord[] = segmentDefs.map(([name, kind, criteria, test], i) => {
    const key = `sg${i + 1}`;
    const members = people.filter(test);
    segmentMembers.set(key, members);
    return {
      key,
      fields: {
        name,
        kind,
        criteria,
        description: /[\u4e00-\u9fff]/.test(name)
          ? `用于定向营销的联系人分群：${criteria}。`
          : `Contacts targeted together: ${criteria.toLowerCase()}.`,
        members: members.map((m) => `@${m.key}`),
        owner: '$me',
      },
    };
  });

  const campaignDefs: [string, string, string, number, number, number, string[]][] = [
    // name, channel, objective, start offset (days), length (days), budget, target segments
    ['2026 春季新品发布会', 'event', 'awareness', -230, 2, 15000, ['sg1', 'sg7']],
    ['Q1 customer newsletter', 'email', 'retention', -300, 1, 500, ['sg4', 'sg8']],
    ['Webinar: Forecasting that sales trusts', 'webinar', 'lead_generation', -260, 1, 1000, ['sg2', 'sg5']],
    ['微信公众号内容推广', 'wechat', 'awareness', -240, 60, 3000, ['sg1', 'sg6']],
    ['Search ads – CRM for SMB', 'search_ads', 'lead_generation', -200, 90, 7500, ['sg5']],
    ['制造业数字化峰会（苏州）', 'event', 'lead_generation', -170, 2, 21200, ['sg7']],
    ['Case study e-book: Retail', 'content', 'nurture', -160, 45, 1500, ['sg8', 'sg3']],
    ['Webinar: 客服 SLA 管理实战', 'webinar', 'nurture', -140, 1, 900, ['sg2', 'sg1']],
    ['Win-back: dormant accounts', 'email', 'retention', -130, 14, 500, ['sg6']],
    ['LinkedIn sponsored content', 'social', 'lead_generation', -120, 60, 4500, ['sg5']],
    ['夏季促销邮件', 'email', 'lead_generation', -110, 10, 600, ['sg3', 'sg8']],
    ['Partner roadshow – Singapore', 'event', 'lead_generation', -95, 3, 10000, ['sg5', 'sg2']],
    ['Industry report 2026', 'content', 'awareness', -90, 60, 2200, ['sg8', 'sg1']],
    ['Direct mail to key accounts', 'direct_mail', 'retention', -80, 20, 1800, ['sg4']],
    ['Webinar: 制造业CRM最佳实践', 'webinar', 'lead_generation', -70, 1, 800, ['sg7', 'sg2']],
    ['Q3 customer newsletter', 'email', 'retention', -60, 1, 500, ['sg4', 'sg8']],
    ['微信直播：销售管理公开课', 'wechat', 'lead_generation', -45, 1, 2000, ['sg1', 'sg3']],
    ['Search ads – Service desk', 'search_ads', 'lead_generation', -40, 70, 5500, ['sg5', 'sg3']],
    ['Customer advisory board', 'event', 'retention', -30, 1, 3800, ['sg4']],
    ['High-intent nurture sequence', 'email', 'nurture', -25, 40, 500, ['sg3']],
    ['双十一客户答谢活动', 'event', 'retention', -10, 7, 5000, ['sg4', 'sg1']],
    ['Webinar: AI in customer service', 'webinar', 'lead_generation', -3, 1, 1100, ['sg2', 'sg5']],
    ['年终行业白皮书', 'content', 'awareness', -5, 40, 2500, ['sg8', 'sg1']],
    ['Year-end renewal campaign', 'email', 'retention', 5, 30, 800, ['sg4']],
    ['2027 开年客户大会', 'event', 'awareness', 45, 2, 30000, ['sg1', 'sg7', 'sg4']],
    ['Q1 2027 search ads', 'search_ads', 'lead_generation', 40, 90, 8800, ['sg5']],
    ['Social video series', 'social', 'awareness', 20, 60, 3500, ['sg2', 'sg8']],
    ['Paused: print ads in trade magazine', 'direct_mail', 'awareness', -60, 60, 4000, ['sg7']],
  ];
  const rates: Record<string, [number, number, number, number]> = {
    // reached, opened-or-better, responded-or-better, converted share of responders
    email: [0.95, 0.45, 0.12, 0.25],
    webinar: [0.9, 0.6, 0.35, 0.3],
    event: [0.85, 0.6, 0.45, 0.35],
    social: [0.8, 0.35, 0.1, 0.2],
    search_ads: [0.8, 0.3, 0.12, 0.3],
    content: [0.9, 0.5, 0.2, 0.2],
    wechat: [0.9, 0.55, 0.2, 0.25],
    direct_mail: [0.9, 0.3, 0.08, 0.3],
  };
  const campaigns: SampleRecord[] = [];
  const members: SampleRecord[] = [];
  const feedback: SampleRecord[] = [];
  const wanted = 520;
  // Bigger lists for cheap channels, smaller for events: members per campaign follow the channel.
  const reach: Record<string, number> = {
    email: 1.7,
    wechat: 1.3,
    webinar: 1.2,
    content: 1,
    event: 0.9,
    social: 0.8,
    search_ads: 0.8,
    direct_mail: 0.6,
  };
  const started = campaignDefs.filter(([, , , start]) => start < 0);
  const unit = wanted / started.reduce((sum, [, channel]) => sum + reach[channel]!, 0);
  campaignDefs.forEach(([name, channel, objective, start, length, budget, targets], i) => {
    const key = `cp${i + 1}`;
    const end = start + length - 1;
    const status = name.startsWith('Paused')
      ? 'paused'
      : end < 0
        ? 'completed'
        : start <= 0
          ? 'active'
          : 'planned';
    const fields: Fields = {
      name,
      channel,
      status,
      objective,
      start_date: day(start),
      end_date: day(end),
      budget,
      owner: owner(rng, 0.05),
      target_segments: targets.map((t) => `@${t}`),
      description: /[\u4e00-\u9fff]/.test(name)
        ? `${name}：面向目标分群开展${objective === 'awareness' ? '品牌推广' : objective === 'retention' ? '客户维护' : '获客'}活动。`
        : `${name}: ${objective.replace('_', ' ')} campaign for the target segments.`,
    };
    if (status === 'completed' || status === 'paused')
      fields.actual_cost = money(budget * (0.75 + rng.next() * 0.35));
    else if (status === 'active')
      fields.actual_cost = money(
        budget * Math.min(1, -start / Math.max(length, 1)) * (0.8 + rng.next() * 0.3),
      );
    campaigns.push({ key, fields });
    if (start >= 0 || members.length >= wanted) return;
    const pool = [
      ...new Map(targets.flatMap((t) => segmentMembers.get(t) ?? []).map((c) => [c.key, c])).values(),
    ];
    const chosen = rng.sample(pool, Math.min(Math.ceil(unit * reach[channel]!), wanted - members.length));
    const [reached, opened, responded, converted] = rates[channel]!;
    for (const contact of chosen) {
      const roll = rng.next();
      const memberStatus =
        status === 'active' && rng.chance(0.3)
          ? 'sent'
          : roll > reached
            ? 'targeted'
            : roll > opened
              ? rng.chance(0.05)
                ? 'unsubscribed'
                : 'sent'
              : roll > responded
                ? rng.pick(['opened', 'clicked'])
                : rng.chance(converted)
                  ? 'converted'
                  : 'responded';
      const memberFields: Fields = {
        campaign: [`@${key}`],
        contact: [`@${contact.key}`],
        status: memberStatus,
      };
      if (memberStatus === 'responded' || memberStatus === 'converted') {
        memberFields.responded_on = day(Math.min(start + rng.int(0, Math.max(length, 3) + 5), 0));
        if (memberStatus === 'converted' || rng.chance(0.35)) memberFields.became_lead = true;
        if (memberStatus === 'converted' && rng.chance(0.6))
          memberFields.deal_value = round(rng.logBetween(8000, 150000), 100);
      }
      members.push({ fields: memberFields });
      const attended =
        memberStatus === 'responded' || memberStatus === 'converted' || memberStatus === 'clicked';
      if (
        (channel === 'event' || channel === 'webinar') &&
        attended &&
        rng.chance(0.8) &&
        feedback.length < 160
      ) {
        const happy = rng.chance(0.8);
        const overall = happy ? rng.int(4, 5) : rng.int(1, 3);
        const wantsContact = rng.chance(memberStatus === 'converted' ? 0.7 : 0.25);
        const feedbackFields: Fields = {
          name: contact.name,
          email: contact.email,
          company: contact.company,
          campaign: [`@${key}`],
          heard_about:
            contact.lang === 'zh'
              ? rng.pick(['email', 'wechat', 'colleague', 'search'])
              : rng.pick(['email', 'social', 'colleague', 'search', 'other']),
          overall_rating: overall,
          content_rating: Math.max(1, Math.min(5, overall + rng.int(-1, 1))),
          recommend: nps(rng, overall),
          interests: rng.sample(
            ['product_demo', 'pricing', 'case_studies', 'next_event', 'training'],
            rng.int(1, 2),
          ),
          wants_contact: wantsContact,
          submitted_at: instant(rng, Math.min(end + rng.int(0, 3), 0)),
        };
        if (wantsContact) {
          feedbackFields.owner = '$me';
          if (end < -14) feedbackFields.followed_up = true;
        }
        if (rng.chance(0.5))
          feedbackFields.comments =
            contact.lang === 'zh'
              ? happy
                ? rng.pick([
                    '内容很实用，希望多分享客户案例。',
                    '嘉宾分享很精彩，组织得很好。',
                    '收获很大，期待下一场。',
                  ])
                : rng.pick(['时间太长，干货偏少。', '会场网络不好，直播有卡顿。', '希望提前发送资料。'])
              : happy
                ? rng.pick([
                    'Very practical, more customer stories please.',
                    'Great speakers and well organised.',
                    'Learned a lot, looking forward to the next one.',
                  ])
                : rng.pick([
                    'Too long, not enough substance.',
                    'Audio issues during the stream.',
                    'Please share the slides in advance.',
                  ]);
        feedback.push({ fields: feedbackFields });
      }
    }
  });
  feedback.sort((a, b) => String(a.fields.submitted_at).localeCompare(String(b.fields.submitted_at)));

  // Each member who became a lead has a lead of their own, linked back; older ones are worked.
  const byKey = new Map(people.map((p) => [p.key, p]));
  const leads: SampleRecord[] = [];
  members.forEach((member, i) => {
    if (member.fields.became_lead !== true) return;
    const key = `cm${i + 1}`;
    members[i] = { key, fields: member.fields };
    const contact = byKey.get(String((member.fields.contact as string[])[0]).slice(1))!;
    const age = -(Date.parse(String(member.fields.responded_on)) - anchor) / dayMs;
    const status =
      member.fields.status === 'converted'
        ? 'handed_over'
        : age > 30
          ? rng.weighted([
              ['qualified', 30],
              ['handed_over', 35],
              ['disqualified', 35],
            ] as const)
          : rng.weighted([
              ['new', 50],
              ['working', 50],
            ] as const);
    const fields: Fields = {
      name: contact.name,
      email: contact.email,
      company: contact.company,
      status,
      owner: status === 'new' ? owner(rng, 0.3) : '$me',
      campaign: member.fields.campaign,
      campaign_member: [`@${key}`],
      contact: member.fields.contact,
    };
    if (status === 'disqualified')
      fields.notes =
        contact.lang === 'zh'
          ? rng.pick(['暂无预算。', '学生，非企业客户。', '已选用其他供应商。'])
          : rng.pick(['No budget this year.', 'Student, not a buyer.', 'Chose another vendor.']);
    leads.push({ fields });
  });
  return { contacts, segments, campaigns, campaign_members: members, feedback, leads };
}

// ---- writing ------------------------------------------------------------------------------------

/** JSON on one line, spaced like prose: {"en": "Deals", "zh-CN": "商机"}. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/** JSON with short values on one line and each sample record on a line of its own. */
function formatTemplate(template: Record<string, unknown>): string {
  const width = 110;
  const write = (value: unknown, indent: string, inSample = false): string => {
    const flat = inline(value);
    if (inSample || value === null || typeof value !== 'object' || indent.length + flat.length <= width)
      return flat;
    const inner = `${indent}  `;
    if (Array.isArray(value))
      return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
    const entries = Object.entries(value as Record<string, unknown>);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
  };
  const { sampleData, ...rest } = template as { sampleData: SampleData };
  const head = write(rest, '').slice(0, -2);
  const tables = Object.entries(sampleData).map(
    ([table, records]) =>
      `    ${JSON.stringify(table)}: [\n${records.map((r) => `      ${write(r, '', true)}`).join(',\n')}\n    ]`,
  );
  return `${head},\n  "sampleData": {\n${tables.join(',\n')}\n  }\n}\n`;
}

/** The sample data of template `name`, the same on every call. */
export function generateSampleData(name: string): { sampleDataDate: string; sampleData: SampleData } {
  const generator = generators[name];
  if (!generator) throw new Error(`No generator for template '${name}'.`);
  return { sampleDataDate: sampleDate, sampleData: generator(new Random(seeds[name]!)) };
}

function writeTemplate(name: string) {
  const file = join(root, 'templates', name, 'template.json');
  const template = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete template.sampleData;
  delete template.sampleDataDate;
  const out = { ...template, ...generateSampleData(name) };
  planTemplate(out); // refuses unknown choices, fields and "@key" references before anything is written
  const text = formatTemplate(out);
  writeFileSync(file, text);
  const counts = Object.entries(out.sampleData).map(([table, records]) => `${table} ${records.length}`);
  console.log(`${name}: ${counts.join(', ')} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB)`);
}

// Writes only when run as a script; tests import generateSampleData to check the files are current.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : Object.keys(generators)) writeTemplate(name);
}
