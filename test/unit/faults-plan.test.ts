// The faults run's ground truth (faults/plan.ts): the mix of pages it promises, every URL once, Telegram posts that
// re-post streams, and the investigators' rejections — what `npm run faults` compares the pipeline against.
import { describe, expect, it } from 'vitest';
import { FAULT_FILMS, type FilmMedia } from '../../faults/media.ts';
import { CHANNEL, planSite, shouldPublish } from '../../faults/plan.ts';

const media: Record<string, FilmMedia> = Object.fromEntries(FAULT_FILMS.map((f) => [f.key, {
  video: `/m/${f.key}.mp4`, poster: `/m/${f.key}.png`, piratePoster: `/m/${f.key}.jpg`,
  copies: f.registered ? [`/m/${f.key}-lb`, `/m/${f.key}-re`] : [`/m/${f.key}-lb`],
}]));

describe('faults ground truth', () => {
  const site = 'http://127.0.0.1:4000';
  const plan = planSite(1000, media);
  const truth = plan.expected(site);

  it('has one expected page per candidate, each URL once, 3 % of them Telegram posts', () => {
    expect(truth).toHaveLength(1000);
    expect(new Set(truth.map((t) => t.url)).size).toBe(1000);
    expect(truth.filter((t) => t.kind === 'telegram')).toHaveLength(30);
    expect(plan.items).toHaveLength(970);
    expect(truth.filter((t) => t.kind === 'telegram').every((t) => t.url.startsWith(`${site}/${CHANNEL}/`))).toBe(true);
  });

  it('mixes registered streams, poster-only pages for review (every 3rd rejected) and other films', () => {
    const posters = truth.filter((t) => t.media === 'poster');
    expect(posters).toHaveLength(10);
    expect(posters.every((t) => t.registered)).toBe(true);
    expect(posters.filter((t) => t.rejectOnReview)).toHaveLength(3);
    expect(truth.filter((t) => t.media === 'stream' && t.registered).length).toBe(375);
    expect(truth.filter(shouldPublish)).toHaveLength(382);
    expect(new Set(truth.filter((t) => t.registered).map((t) => t.film))).toEqual(new Set(FAULT_FILMS.filter((f) => f.registered).map((f) => f.key)));
  });

  it('points every Telegram post at a web page that has a stream of the film it claims', () => {
    for (const post of plan.posts) {
      const item = plan.items.find((i) => i.slug === post.itemSlug)!;
      expect(item.hlsDir).not.toBeNull();
      const t = truth.find((x) => x.url === `${site}/${CHANNEL}/${post.id}`)!;
      expect(media[t.film]!.copies).toContain(item.hlsDir);
    }
  });

  it('shares a few streams between many pages', () => {
    const dirs = new Set(plan.items.map((i) => i.hlsDir).filter(Boolean));
    expect(dirs.size).toBeLessThanOrEqual(9);
  });
});
