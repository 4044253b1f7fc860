import { describe, expect, it } from 'vitest';
import { fitSkillMixture, NO_SKILL, skillPosterior } from '../../engine/skillMixture.ts';
import { mulberry32, randNormal } from '../../engine/rng.ts';

describe('skill mixture', () => {
  it('recovers a planted skilled minority and gives it high posteriors, the crowd low ones', () => {
    // 950 wallets with null scores N(−0.3, 1.3²) (over-dispersed, centred below 0) and 50 skilled N(4, 1).
    const rng = mulberry32(5);
    const scores: number[] = [];
    for (let i = 0; i < 950; i++) scores.push(-0.3 + 1.3 * randNormal(rng));
    for (let i = 0; i < 50; i++) scores.push(4 + randNormal(rng));
    const mix = fitSkillMixture(scores);
    expect(mix.pi1).toBeGreaterThan(0.03);
    expect(mix.pi1).toBeLessThan(0.08);
    expect(mix.mu0).toBeCloseTo(-0.3, 0);
    expect(mix.sd0).toBeGreaterThan(1.1);
    expect(mix.sd0).toBeLessThan(1.5);
    expect(skillPosterior(mix, 5)).toBeGreaterThan(0.9);
    expect(skillPosterior(mix, 0)).toBeLessThan(0.01);
    expect(skillPosterior(mix, -2)).toBe(0);
  });

  it('without a skilled group, few scores look skilled', () => {
    const rng = mulberry32(6);
    const scores = Array.from({ length: 2000 }, () => randNormal(rng));
    const mix = fitSkillMixture(scores);
    const flagged = scores.filter((s) => skillPosterior(mix, s) > 0.5).length;
    expect(flagged / scores.length).toBeLessThan(0.01);
  });

  it('too few scores: no fit, nobody skilled', () => {
    const mix = fitSkillMixture([1, 2, 3]);
    expect(mix.pi1).toBe(NO_SKILL.pi1);
    expect(skillPosterior(mix, 10)).toBe(0);
  });

  it('a refit warm-started from an earlier fit (as history grows) lands where a cold fit does', () => {
    const rng = mulberry32(8);
    const scores: number[] = [];
    for (let i = 0; i < 3000; i++) scores.push(rng() < 0.05 ? 3.5 + randNormal(rng) : -0.2 + 1.2 * randNormal(rng));
    const earlier = fitSkillMixture(scores.slice(0, 2700));
    const cold = fitSkillMixture(scores);
    const warm = fitSkillMixture(scores, scores.length, 8, 1.5, earlier);
    for (const k of ['pi1', 'mu0', 'sd0', 'mu1', 'sd1'] as const) expect(Math.abs(warm[k] - cold[k]), k).toBeLessThan(0.05 * Math.max(1, Math.abs(cold[k])));
    for (const x of [1, 2, 3, 4]) expect(Math.abs(skillPosterior(warm, x) - skillPosterior(cold, x))).toBeLessThan(0.03);
  });

  it('is deterministic', () => {
    const rng = mulberry32(7);
    const scores = Array.from({ length: 500 }, () => randNormal(rng) + (rng() < 0.05 ? 4 : 0));
    expect(fitSkillMixture(scores)).toEqual(fitSkillMixture([...scores]));
  });
});
