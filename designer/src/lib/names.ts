// API names from labels: snake_case, starting with a letter, unique among siblings.

/** "Sales pipeline" → "sales_pipeline"; "客户" → "" (the caller picks a fallback). */
export function toApiName(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 60);
}

/** A name from the label that none of `taken` has, e.g. "deals", "deals_2". */
export function uniqueApiName(label: string, taken: Iterable<string>, fallback = 'item'): string {
  const used = new Set(taken);
  const base = toApiName(label) || fallback;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 58)}_${i}`;
    if (!used.has(candidate)) return candidate;
  }
}
