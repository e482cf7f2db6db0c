// `kuzet match` without --json prints one line per verdict. A copy found by local features has no picture-hash score
// (0 when PDQ saw nothing): its line says what was seen, and a lead of the stage says why it is not a match.
import { describe, expect, it } from 'vitest';
import { verdictLine } from '../../cli/commands/match.ts';
import { REVIEW_STRINGS } from '../../api/html/review-i18n.ts';
import { REFUSALS } from '../../matcher/local/stage.ts';

const local = { filmId: null, offsetSeconds: 2, frames: 9, agreeingFrames: 4, inliers: 400, shared: 0, cpuMs: 3000, refused: null, leadFilmId: null, seen: [] };
const best = { filmId: 'film_a', score: 0, matchedFrames: 4, offsetSeconds: 2 };

describe('kuzet match text line', () => {
  it('a picture-hash match gives its score and who decided', () => {
    expect(verdictLine({ decision: 'match', best: { ...best, score: 0.912, matchedFrames: 11 }, stage: 'pdq' })).toBe('match: film_a score 0.912 offset 2 s, 11 frames (by pdq)');
  });
  it('a local-stage match says the agreeing frames, not "score 0.000"', () => {
    const line = verdictLine({ decision: 'match', best, stage: 'local', local: { ...local, filmId: 'film_a', leadFilmId: 'film_a' } });
    expect(line).toBe('match: film_a local features, 4 frames agreeing offset 2 s, 4 frames (by local)');
  });
  it('a lead of the stage at review says why it is not a match', () => {
    const line = verdictLine({ decision: 'review', best, stage: null, local: { ...local, refused: 'pinned', leadFilmId: 'film_a' } });
    expect(line).toContain('review: film_a local features, 4 frames agreeing');
    expect(line).toContain('a lead, not a match: too short for the offset to prove anything');
    expect(line).not.toContain('score');
  });
  it('a lead on one picture of the film says so', () => {
    const line = verdictLine({ decision: 'review', best, stage: null, local: { ...local, refused: 'still', leadFilmId: 'film_a' } });
    expect(line).toContain('a lead, not a match: every frame shows one picture of the film');
  });
  it('a lead the checks did not confirm says so, and every refusal has its words in the workbench too', () => {
    const line = verdictLine({ decision: 'review', best, stage: null, local: { ...local, refused: 'unconfirmed', leadFilmId: 'film_a' } });
    expect(line).toContain('a lead, not a match: the moving parts of the picture do not agree with the film');
    for (const lang of ['kk', 'ru', 'en'] as const) for (const r of REFUSALS) expect((REVIEW_STRINGS[lang] as Record<string, string>)[`refused_${r}`], `${lang} refused_${r}`).toMatch(/\S{3}/);
  });
  it('nothing found is just the decision', () => {
    expect(verdictLine({ decision: 'no_match', best: null, stage: null })).toBe('no_match');
  });
});
