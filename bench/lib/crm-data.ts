// Deterministic CRM sample data for the benchmarks: companies and contacts from a seeded
// generator, so the engine load and the hand-written SQL load insert exactly the same rows.

/** mulberry32: small, fast and good enough to spread benchmark values. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const firstNames = [
  'Ada',
  'Alan',
  'Amara',
  'Ana',
  'Arjun',
  'Ben',
  'Carla',
  'Chen',
  'Dana',
  'David',
  'Elena',
  'Emil',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Ivan',
  'Jamal',
  'Jana',
  'Jia',
  'Kai',
  'Keiko',
  'Lars',
  'Lea',
  'Li',
  'Luca',
  'Maya',
  'Mei',
  'Mohammed',
  'Nadia',
  'Nina',
  'Noah',
  'Olga',
  'Omar',
  'Pablo',
  'Priya',
  'Rafael',
  'Rosa',
  'Sami',
  'Sara',
  'Sofia',
  'Tariq',
  'Tom',
  'Uma',
  'Victor',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoe',
] as const;

const syllables = [
  'ka',
  'lo',
  'mir',
  'an',
  'dre',
  'vos',
  'tel',
  'ba',
  'ri',
  'son',
  'gu',
  'nez',
  'ha',
  'shi',
  'mo',
  'to',
  'ber',
  'gen',
  'ov',
  'ski',
  'fer',
  'ra',
  'lin',
  'do',
  'wa',
  'ne',
  'ke',
  'ros',
  'ta',
  'mu',
] as const;

/** 900 distinct surnames ("Kaloan", "Dreski", …), about 1,100 contacts each at a million rows. */
export const surnames: readonly string[] = (() => {
  const out: string[] = [];
  for (const a of syllables)
    for (const b of syllables) {
      if (a === b) continue;
      const word = `${a}${b}${a.length + b.length < 5 ? 'er' : ''}`;
      if (!out.includes(word)) out.push(word[0]!.toUpperCase() + word.slice(1));
    }
  return out.slice(0, 900);
})();

const cities = [
  'Paris',
  'Lyon',
  'Berlin',
  'Munich',
  'Madrid',
  'Lisbon',
  'Rome',
  'Milan',
  'Vienna',
  'Zurich',
  'Amsterdam',
  'Brussels',
  'Dublin',
  'London',
  'Oslo',
  'Stockholm',
  'Helsinki',
  'Warsaw',
  'Prague',
  'Athens',
  'Istanbul',
  'Cairo',
  'Lagos',
  'Nairobi',
  'Dubai',
  'Mumbai',
  'Delhi',
  'Singapore',
  'Shanghai',
  'Beijing',
  'Shenzhen',
  'Tokyo',
  'Osaka',
  'Seoul',
  'Sydney',
  'Auckland',
  'Toronto',
  'Montreal',
  'Chicago',
  'Austin',
  'Denver',
  'Seattle',
  'Boston',
  'Atlanta',
  'Miami',
  'Mexico City',
  'Bogota',
  'Lima',
  'Santiago',
  'Sao Paulo',
] as const;

const words = [
  'call',
  'back',
  'next',
  'week',
  'budget',
  'approved',
  'pending',
  'legal',
  'review',
  'pricing',
  'discount',
  'renewal',
  'contract',
  'signed',
  'demo',
  'scheduled',
  'trial',
  'extended',
  'champion',
  'left',
  'company',
  'procurement',
  'security',
  'questionnaire',
  'sent',
  'invoice',
  'overdue',
  'upsell',
  'seats',
  'annual',
  'quarterly',
  'onboarding',
  'training',
  'workshop',
  'integration',
  'api',
  'export',
  'import',
  'migration',
  'competitor',
  'evaluation',
  'shortlist',
  'decision',
  'maker',
  'cfo',
  'cto',
  'meeting',
  'notes',
  'follow',
  'up',
  'email',
  'proposal',
  'draft',
  'feedback',
  'positive',
  'concerns',
  'timeline',
  'delayed',
  'urgent',
  'priority',
  'region',
  'expansion',
  'pilot',
  'success',
  'support',
] as const;

export const stages = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;

export interface CompanyRow {
  name: string;
  city: string;
}

export interface ContactRow {
  name: string;
  email: string;
  stage: string;
  amount: number;
  score: number;
  close_date: string;
  vip: boolean;
  notes: string;
  owner: string;
  /** Index into the companies list (0-based). */
  company: number;
}

export function companies(count: number, seed = 7): CompanyRow[] {
  const random = seeded(seed);
  const suffixes = ['Labs', 'Systems', 'Group', 'Trading', 'Partners', 'Works', 'Logistics', 'Foods'];
  return Array.from({ length: count }, (_, i) => ({
    name: `${pick(random, surnames)} ${pick(random, suffixes)} ${i + 1}`,
    city: pick(random, cities),
  }));
}

const day = 86_400_000;
const firstCloseDate = Date.UTC(2024, 0, 1);

/** Contacts in insertion order; `owners` are user ids, companies are spread uniformly. */
export function* contacts(
  count: number,
  companyCount: number,
  owners: readonly string[],
  seed = 11,
): Generator<ContactRow> {
  const random = seeded(seed);
  for (let i = 0; i < count; i++) {
    const first = pick(random, firstNames);
    const last = pick(random, surnames);
    const noteLength = 6 + Math.floor(random() * 14);
    const notes: string[] = [];
    for (let w = 0; w < noteLength; w++) notes.push(pick(random, words));
    yield {
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`,
      stage: pick(random, stages),
      amount: Math.round(random() * 20_000_000) / 100,
      score: Math.floor(random() * 101),
      close_date: new Date(firstCloseDate + Math.floor(random() * 1096) * day).toISOString().slice(0, 10),
      vip: random() < 0.1,
      notes: notes.join(' '),
      owner: pick(random, owners),
      company: Math.floor(random() * companyCount),
    };
  }
}
