/**
 * The small fixed set of categories live markets are mapped to (the same names as the synthetic
 * world, `datasets/generator/categories.ts`), plus `uncategorized` for everything else.
 */
export const POLYMARKET_CATEGORIES = ['politics', 'sports', 'crypto', 'economics', 'science', 'entertainment'] as const;
export type PolymarketCategory = (typeof POLYMARKET_CATEGORIES)[number] | 'uncategorized';
export const UNCATEGORIZED = 'uncategorized';

/** A Gamma tag as events carry it (`{id, label, slug, …}`); only label and slug matter here. */
export interface GammaTagLike {
  id?: string | number | null;
  label?: string | null;
  slug?: string | null;
}

/*
 * Tag slug (or label, lower-cased, spaces → '-') → category. Exact matches only, so the mapping is
 * predictable; tags not listed here do not vote. The slugs are Polymarket's navigation tags as they
 * appear in event payloads and public client code (e.g. `politics` = tag 2); the list is a judgement,
 * not a Polymarket taxonomy.
 */
const KEYWORDS: Record<(typeof POLYMARKET_CATEGORIES)[number], readonly string[]> = {
  politics: [
    'politics', 'us-politics', 'elections', 'election', 'us-election', 'us-elections', 'global-elections', 'world-elections',
    'geopolitics', 'world', 'government', 'congress', 'senate', 'house', 'supreme-court', 'courts', 'trump', 'biden',
    'president', 'presidential-election', 'primaries', 'middle-east', 'ukraine', 'russia', 'israel', 'china', 'foreign-policy',
    'us-current-affairs', 'global-politics', 'policy', 'immigration', 'war',
  ],
  sports: [
    'sports', 'nba', 'nfl', 'mlb', 'nhl', 'wnba', 'ncaa', 'cfb', 'cbb', 'soccer', 'football', 'basketball', 'baseball',
    'hockey', 'tennis', 'golf', 'ufc', 'mma', 'boxing', 'f1', 'formula-1', 'formula1', 'racing', 'cricket', 'rugby',
    'olympics', 'esports', 'chess', 'epl', 'premier-league', 'champions-league', 'la-liga', 'serie-a', 'bundesliga',
    'world-cup', 'super-bowl', 'nba-finals', 'march-madness',
  ],
  crypto: [
    'crypto', 'cryptocurrency', 'bitcoin', 'btc', 'ethereum', 'eth', 'solana', 'sol', 'xrp', 'ripple', 'dogecoin', 'doge',
    'memecoins', 'memecoin', 'defi', 'nft', 'nfts', 'airdrops', 'airdrop', 'stablecoins', 'crypto-prices', 'token-launch',
  ],
  economics: [
    'economy', 'economics', 'business', 'finance', 'fed', 'fed-rates', 'federal-reserve', 'interest-rates', 'inflation', 'cpi',
    'gdp', 'jobs', 'unemployment', 'recession', 'stocks', 'equities', 'earnings', 'ipo', 'ipos', 'tariffs', 'trade-war',
    'commodities', 'oil', 'gold', 'macro', 'banking', 'housing',
  ],
  science: [
    'science', 'tech', 'technology', 'ai', 'artificial-intelligence', 'openai', 'space', 'spacex', 'nasa', 'climate', 'weather',
    'hurricanes', 'hurricane', 'health', 'pandemic', 'covid', 'covid-19', 'medicine', 'biotech', 'global-temp', 'earthquakes',
  ],
  entertainment: [
    'pop-culture', 'culture', 'entertainment', 'movies', 'box-office', 'music', 'tv', 'television', 'celebrities', 'celebrity',
    'awards', 'oscars', 'grammys', 'emmys', 'golden-globes', 'eurovision', 'gaming', 'video-games', 'youtube', 'tiktok',
    'social-media', 'mentions', 'tweets', 'elon-tweets', 'streaming', 'art', 'books',
  ],
};

const LOOKUP = new Map<string, (typeof POLYMARKET_CATEGORIES)[number]>();
for (const c of POLYMARKET_CATEGORIES) for (const k of KEYWORDS[c]) LOOKUP.set(k, c);

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');

/** The category one tag (or a free-text category such as Gamma's old `category` field) maps to, or null. */
export function categoryOfTag(tag: GammaTagLike | string): (typeof POLYMARKET_CATEGORIES)[number] | null {
  if (typeof tag === 'string') return LOOKUP.get(norm(tag)) ?? null;
  for (const s of [tag.slug, tag.label]) {
    if (s) {
      const c = LOOKUP.get(norm(s));
      if (c) return c;
    }
  }
  return null;
}

/**
 * A market's category from its events' tags: each tag that maps votes for its category; the most
 * votes win, ties going to the category of the earliest voting tag (Polymarket lists an event's
 * broad tag first). Null when no tag maps (the caller falls back to `uncategorized`).
 */
export function categoryFromTags(tags: readonly (GammaTagLike | string)[]): (typeof POLYMARKET_CATEGORIES)[number] | null {
  const votes = new Map<(typeof POLYMARKET_CATEGORIES)[number], { n: number; first: number }>();
  tags.forEach((t, i) => {
    const c = categoryOfTag(t);
    if (!c) return;
    const v = votes.get(c);
    if (v) v.n++;
    else votes.set(c, { n: 1, first: i });
  });
  let best: (typeof POLYMARKET_CATEGORIES)[number] | null = null;
  let bestV = { n: 0, first: Infinity };
  for (const [c, v] of votes) {
    if (v.n > bestV.n || (v.n === bestV.n && v.first < bestV.first)) {
      best = c;
      bestV = v;
    }
  }
  return best;
}
