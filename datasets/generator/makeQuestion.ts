import { randInt, type Rng } from '../../engine/rng.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Fictional names only: the world must not look like a claim about real people or assets. */
const WORDS: Record<string, readonly string[]> = {
  candidate: ['Alvarez', 'Brennan', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Haddad', 'Kowalski'],
  region: ['Northland', 'Costa Verde', 'East Varnia', 'Port Ellis', 'Lower Ashby', 'Marrowind'],
  office: ['governor', 'mayor', 'senate', 'presidential', 'parliamentary'],
  bill: ['the Clean Rivers Act', 'the Housing Supply Bill', 'the Data Privacy Act', 'the Transit Funding Bill'],
  team: ['Harbor City Gulls', 'Redstone Foxes', 'Valley Comets', 'North Shore Pilots', 'Ironwood Bears', 'Summit Hawks'],
  player: ['J. Ortega', 'M. Feld', 'A. Nakamura', 'S. Ibekwe', 'R. Castel'],
  coin: ['ZETA', 'NOVA', 'KAPPA', 'ORBIT', 'LUMEN', 'QUARK'],
  level: ['$0.50', '$1', '$2.50', '$10', '$25', '$100'],
  indicator: ['CPI inflation', 'the unemployment rate', 'GDP growth', 'core PCE'],
  threshold: ['2.0%', '2.5%', '3.0%', '3.5%', '4.0%'],
  bank: ['the Central Bank of Varnia', 'the Federal Reserve Board', 'the Ellis Monetary Authority'],
  mission: ['Aurora-2', 'Helios Lander', 'Deepwell Probe', 'Kestrel-7'],
  trial: ['the VX-12 vaccine trial', 'the solid-state battery trial', 'the fusion ignition test'],
  film: ['Midnight Tide', 'The Glass Orchard', 'Paper Kingdoms', 'Echo Valley', 'Last Signal'],
  artist: ['Lena Vale', 'The Copper Pines', 'DJ Ostrava', 'Mira Sol'],
  award: ['Best Picture', 'Album of the Year', 'Best Director', 'Song of the Year'],
};

const TEMPLATES: Record<string, readonly string[]> = {
  politics: [
    'Will {candidate} win the {region} {office} election?',
    'Will {bill} pass in {region} by {date}?',
    'Will {candidate} lead the {region} {office} polls on {date}?',
  ],
  sports: [
    'Will the {team} beat the {team2} on {date}?',
    'Will {player} score in the {team} game on {date}?',
    'Will the {team} win the {region} cup final?',
  ],
  crypto: [
    'Will {coin} trade above {level} on {date}?',
    'Will {coin} reach a new all-time high by {date}?',
    'Will {coin} be listed on a major exchange by {date}?',
  ],
  economics: [
    'Will {indicator} in {region} come in above {threshold}?',
    'Will {bank} cut rates at its meeting on {date}?',
    'Will {indicator} be below {threshold} in the release on {date}?',
  ],
  science: [
    'Will the {mission} launch by {date}?',
    'Will {trial} report success by {date}?',
    'Will the {mission} reach orbit on its first attempt?',
  ],
  entertainment: [
    'Will {film} win {award}?',
    'Will {film} gross over $100M on its opening weekend?',
    'Will {artist} top the charts on {date}?',
  ],
};

function pick(rng: Rng, words: readonly string[]): string {
  return words[randInt(rng, words.length)]!;
}

/** "March 3, 2025" for an epoch-ms instant, in UTC. */
function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/**
 * A question for a market of `category` ending at `endMs` (epoch ms): a template filled with
 * fictional names. Deterministic given the generator state.
 */
export function makeQuestion(rng: Rng, category: string, endMs: number): string {
  const templates = TEMPLATES[category] ?? ['Will event {n} happen by {date}?'];
  const template = pick(rng, templates);
  const team = pick(rng, WORDS.team!);
  let team2 = pick(rng, WORDS.team!);
  if (team2 === team) team2 = WORDS.team![(WORDS.team!.indexOf(team) + 1) % WORDS.team!.length]!;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'date') return formatDate(endMs);
    if (key === 'team') return team;
    if (key === 'team2') return team2;
    if (key === 'n') return String(randInt(rng, 1000));
    return pick(rng, WORDS[key] ?? ['X']);
  });
}
