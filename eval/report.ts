// The evaluation's tables: recall per transform, false films / false `match` decisions, footage needed, and a
// threshold sweep (what recall each `match` threshold buys and how many wrong films it lets through).
import type { FloodStatus } from '../matcher/guards.ts';
import { MIN_MATCH_STRENGTH } from '../matcher/vote.ts';
import { confirms, decidedByLocal } from '../matcher/local/stage.ts';
import { PIXEL_MIN } from '../matcher/local/pixels.ts';
import type { QueryOutcome } from './query.ts';

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '—');
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : null);
const pad = (s: string | number, n: number) => String(s).padEnd(n);
/** a registered film this long is "long" in the report's split (the dev set's three longest: 22–40 s) */
const LONG_FILM_S = 20;
/** a positive query found: `match` of the right film */
const found = (o: QueryOutcome) => o.decision === 'match' && o.bestFilm === o.expect;

export function printReport(
  out: QueryOutcome[],
  th: { match: number; review: number },
  meta: { films: number; distractors: number; realCopies: number; fingerprints: number; perMinute: number; negatives: number; flood: FloodStatus; local?: { keyframes: number; descriptors: number; stopped: number; shared: Record<string, number> } | null; filmSeconds?: Record<string, number>; filmNames?: Record<string, string>; seconds: Record<string, number> },
): void {
  const order = [...new Set(out.map((o) => o.transform))];
  console.log(`\nmatcher eval: ${meta.films} films (${meta.fingerprints} fingerprints, ${meta.perMinute}/min of film), ${meta.distractors} distractors, ${meta.realCopies} real copies; thresholds match ≥ ${th.match}, review ≥ ${th.review}`);
  console.log(`negative bank: ${meta.negatives} hashes; flood quarantine: ${meta.flood.quarantined} after ${meta.flood.windowQueries} queries in window`);
  if (meta.local) console.log(`local features: ${meta.local.keyframes} keyframes, ${meta.local.descriptors} descriptors, ${meta.local.stopped} on the stop-list; shared share per film: ${Object.entries(meta.local.shared).map(([k, v]) => `${k.slice(-6)} ${v}`).join(', ')}`);
  // review: share of positives at review of the right film / how many of them are local leads; false films: wrong
  // film at review or match / how many of them are local leads
  const head = ['transform', 'tier', 'queries', 'recall', 'pdq/aud/loc', 'rev/lead', 'false/lead', 'false match', 'distr. max', 'secs needed (median/max)'];
  const w = [16, 6, 8, 8, 13, 10, 12, 12, 11, 24];
  console.log('\n' + head.map((h, i) => pad(h, w[i]!)).join('') + '\n' + '-'.repeat(w.reduce((a, b) => a + b)));
  let falseMatches = 0;
  for (const t of order) {
    const rows = out.filter((o) => o.transform === t);
    const pos = rows.filter((o) => o.expect);
    const neg = rows.filter((o) => !o.expect);
    const hit = pos.filter(found).length;
    // right-film `match` decisions by the stage that decided them: PDQ voting, audio confirming a review, local features
    const by = (stage: string) => pos.filter((o) => o.decision === 'match' && o.stage === stage && o.bestFilm === o.expect).length;
    const byStage = `${by('pdq')}/${by('audio')}/${by('local')}`;
    const rev = pos.filter((o) => o.decision === 'review' && o.bestFilm === o.expect).length;
    // reviews raised by the local stage's refused evidence (a lead), as opposed to PDQ's: read as packets and the
    // registry read a decision record
    const lead = (o: QueryOutcome) => o.decision === 'review' && decidedByLocal(o, o.bestFilm);
    const revLead = pos.filter((o) => o.bestFilm === o.expect && lead(o)).length;
    const wrongLead = rows.filter((o) => o.bestFilm !== o.expect && lead(o)).length;
    const falseFilm = rows.filter((o) => o.decision !== 'no_match' && o.bestFilm !== o.expect).length;
    const falseMatch = rows.filter((o) => o.decision === 'match' && o.bestFilm !== o.expect).length;
    falseMatches += falseMatch;
    const secs = pos.map((o) => o.secondsNeeded).filter((s): s is number => s !== null);
    const distMax = neg.length ? Math.max(...neg.map((o) => o.bestScore)).toFixed(2) : '—';
    const cells = [t, rows[0]!.tier, `${pos.length}+${neg.length}`, pct(hit, pos.length), byStage, `${pct(rev, pos.length)}/${revLead}`, `${falseFilm}/${wrongLead}`, falseMatch, distMax, secs.length ? `${median(secs)} / ${Math.max(...secs)}` : '—'];
    console.log(cells.map((c, i) => pad(c, w[i]!)).join(''));
  }
  const pos = out.filter((o) => o.expect);
  const tiers = ['easy', 'hard', 'real'].map((tier) => {
    const p = pos.filter((o) => o.tier === tier);
    return `${tier} ${pct(p.filter(found).length, p.length)} of ${p.length}`;
  });
  console.log(`\nrecall by tier: ${tiers.join(', ')}; false match decisions: ${falseMatches} of ${out.length} queries`);
  // every false `match` by query clip, with its stage: which distractor footage got through, not only how much
  const falses = out.filter((o) => o.decision === 'match' && o.bestFilm !== o.expect);
  if (falses.length) {
    const byClip = new Map<string, string[]>();
    for (const o of falses) byClip.set(o.clip, [...(byClip.get(o.clip) ?? []), `${o.transform}${o.stage === 'local' ? '' : `(${o.stage})`}`]);
    console.log(`false \`match\` by query (→ ${[...new Set(falses.map((o) => meta.filmNames?.[o.bestFilm!] ?? o.bestFilm))].join(', ')}): ${[...byClip].map(([c, ts]) => `${c} ${ts.length} [${ts.join(' ')}]`).join('; ')}`);
  }
  // the dev set is mostly clips of a few seconds, on which no offset can be pinned (the local stage's pin rule): the
  // hard tier split by the registered film's length says what a feature film can expect
  if (meta.filmSeconds) {
    const hard = pos.filter((o) => o.tier === 'hard');
    const split = (long: boolean) => {
      const p = hard.filter((o) => (meta.filmSeconds![o.expect!] ?? 0) >= LONG_FILM_S === long);
      const n = p.filter(found).length;
      return `${n} of ${p.length} (${pct(n, p.length)})`;
    };
    console.log(`hard tier at match by film length: films ≥ ${LONG_FILM_S} s ${split(true)}, shorter clips ${split(false)}`);
  }
  // threshold sweep: a wrong score is a distractor's best, or a positive's best other film
  // a wrong film can reach `match` only with strength ≥ MIN_MATCH_STRENGTH (matcher/match.ts decideVideo)
  const wrong = out.map((o) => (o.wrongStrength >= MIN_MATCH_STRENGTH ? o.wrongScore : 0));
  console.log(`highest wrong-film score with strength ≥ ${MIN_MATCH_STRENGTH}: ${Math.max(...wrong).toFixed(3)}; sweep (match threshold → easy/hard/real recall, wrong films that would match):`);
  for (const t of [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8]) {
    const rec = (tier: string) => {
      const p = pos.filter((o) => o.tier === tier);
      return pct(p.filter((o) => o.rightScore >= t && o.rightStrength >= MIN_MATCH_STRENGTH && o.rightScore >= (o.wrongStrength >= MIN_MATCH_STRENGTH ? o.wrongScore : 0)).length, p.length);
    };
    console.log(`  ${t.toFixed(2)} → ${rec('easy')} / ${rec('hard')} / ${rec('real')}, wrong ${wrong.filter((s) => s >= t).length}`);
  }
  const audioed = out.filter((o) => o.audio);
  const lifted = audioed.filter((o) => o.audio!.confirmed);
  const liftedRight = lifted.filter((o) => o.audio!.filmId === o.expect).length;
  const bers = audioed.map((o) => `${o.clip}/${o.transform}:${o.audio!.ber}${o.audio!.confirmed ? '✓' : ''}`);
  console.log(`
audio confirmation: ${audioed.length} review verdicts compared, ${lifted.length} lifted to match (${liftedRight} right film, ${lifted.length - liftedRight} wrong)${bers.length ? ` — BER ${bers.join(' ')}` : ''}`);
  const ran = out.filter((o) => o.local);
  const frames = ran.reduce((s, o) => s + o.local!.frames, 0);
  const cpu = ran.reduce((s, o) => s + o.local!.cpuMs, 0);
  const localSecs = pos.filter((o) => o.stage === 'local' && o.secondsNeeded !== null && o.tier === 'hard').map((o) => o.secondsNeeded!);
  const hardSecs = pos.filter((o) => o.tier === 'hard' && o.secondsNeeded !== null).map((o) => o.secondsNeeded!);
  console.log(`\nlocal stage: ran on ${ran.length} queries (${frames} frames, ${frames ? (cpu / frames).toFixed(0) : '—'} CPU ms per query frame incl. its mirror), decided ${out.filter((o) => o.stage === 'local').length} (${out.filter((o) => o.stage === 'local' && o.bestFilm !== o.expect).length} wrong); near misses (best film below the rule): ${ran.filter((o) => !o.local!.filmId && o.local!.best).map((o) => `${o.clip}/${o.transform}→${o.local!.best!.filmId === o.expect ? 'right' : 'WRONG'}:${o.local!.best!.frames}f/${o.local!.best!.inliers}i`).join(' ')}`);
  // the pin rule is what keeps same-set look-alikes from `match` on these short clips; in a feature-length film it
  // would not (every group is pinned there), so a wrong film refused only by it is an exposure, not a safety margin
  // (there the checks must confirm it: `confirms`; EVAL_FEATURE=1 measures it on a feature-length stand-in)
  const pinnedOnly = ran.filter((o) => o.local!.refused === 'pinned' && o.local!.leadFilmId !== o.expect);
  const pinnedOpen = pinnedOnly.filter((o) => confirms(o.local!.pixels ?? null, o.local!.motion ?? null));
  console.log(`wrong films the pin rule kept from \`match\`: ${pinnedOnly.length}; of them the checks would confirm (a \`match\` if the registered film were feature-length): ${pinnedOpen.length}${pinnedOpen.length ? ` — ${pinnedOpen.map((o) => `${o.clip}/${o.transform}→${meta.filmNames?.[o.local!.leadFilmId!] ?? o.local!.leadFilmId}`).join(' ')}` : ''}`);
  const unconfirmed = ran.filter((o) => o.local!.refused === 'unconfirmed');
  console.log(`groups no rule refused that the checks did not confirm (\`unconfirmed\`, leads): right film ${unconfirmed.filter((o) => o.local!.leadFilmId === o.expect).length}, wrong film ${unconfirmed.filter((o) => o.local!.leadFilmId !== o.expect).length}${unconfirmed.length ? ` — ${unconfirmed.map((o) => `${o.clip}/${o.transform} ${o.local!.pixels ?? '—'}/${o.local!.motion ?? '—'}`).join(' ')}` : ''}`);
  // how far the stage read before it decided a group no rule refused (checked at one offset, align.ts): a group the
  // checks did not confirm at MIN_FRAMES is read on (stage.ts MORE_FRAMES), so its agreeing frames tell the last check
  // the film a group's checks were about: the one it found, or its lead
  const localFilm = (o: (typeof ran)[number]) => o.local!.filmId ?? o.local!.leadFilmId;
  const aligned = ran.filter((o) => o.local!.checksOffsetS != null);
  const sizes = [...new Set(aligned.map((o) => o.local!.agreeingFrames))].sort((a, b) => a - b);
  const at = (n: number) => {
    const os = aligned.filter((o) => o.local!.agreeingFrames === n);
    const c = (right: boolean) => {
      const side = os.filter((o) => (localFilm(o) === o.expect) === right);
      return `${side.filter((o) => o.local!.filmId).length}/${side.length}`;
    };
    return `${n} frames: right film confirmed ${c(true)}, wrong film ${c(false)}`;
  };
  if (aligned.length) console.log(`groups checked at one offset, by the agreeing frames at their last check (confirmed / checked): ${sizes.map(at).join('; ')}`);
  // the refined pass (matcher/local/refine.ts): what it decided, and how close it brought the wrong films
  const tried = ran.filter((o) => o.local!.refinedScores);
  const triedWrong = tried.filter((o) => localFilm(o) !== o.expect).sort((a, b) => b.local!.refinedScores!.pixels - a.local!.refinedScores!.pixels);
  if (tried.length) console.log(`refined pass: ran on ${tried.length} groups, decided ${ran.filter((o) => o.local!.checksRefined).length} (wrong film ${ran.filter((o) => o.local!.checksRefined && o.local!.filmId !== o.expect).length}); right films ${tried.filter((o) => localFilm(o) === o.expect).map((o) => `${o.clip}/${o.transform} ${o.local!.refinedScores!.pixels}/${o.local!.refinedScores!.motion ?? '—'}`).join(' ') || '—'}; wrong films, highest pixels first: ${triedWrong.slice(0, 6).map((o) => `${o.clip}/${o.transform}→${o.local!.leadFilmId} ${o.local!.refinedScores!.pixels}/${o.local!.refinedScores!.motion ?? '—'}`).join(' ') || '—'}`);
  // the pixel check's margin: what it scored on right and on wrong films (a wrong film at ≥ PIXEL_MIN would be a false `match`)
  const scored = ran.filter((o) => o.local!.pixels !== null && o.local!.pixels !== undefined);
  const px = (right: boolean) => scored.filter((o) => (localFilm(o) === o.expect) === right).sort((a, b) => a.local!.pixels! - b.local!.pixels!);
  const [rightGroups, wrongGroups] = [px(true), px(false)];
  const [pr, pw] = [rightGroups.map((o) => o.local!.pixels!), wrongGroups.map((o) => o.local!.pixels!)];
  // three decimals and the query → film, so a look-alike close to the line can be named without a dump
  const mo = (o: (typeof scored)[number]) => (o.local!.motion == null ? '—' : o.local!.motion.toFixed(3));
  const named = (os: typeof scored) => os.map((o) => `${o.local!.pixels!.toFixed(3)} (motion ${mo(o)}) ${o.clip}/${o.transform}→${meta.filmNames?.[localFilm(o)!] ?? '?'}`).join(', ') || '—';
  console.log(`pixel check: scored ${scored.length} groups (every group with enough agreeing frames), decided ${scored.filter((o) => o.local!.filmId).length}; right film ${pr.length} (lowest ${named(rightGroups.slice(0, 5))}), wrong film ${pw.length} (highest ${named(wrongGroups.slice(-5).reverse())})`);
  // how the two sides would split at other thresholds (PIXEL_MIN is the one in force): the margin, in counts
  const sweep = [0.75, 0.78, 0.8, 0.82, 0.85].map((t) => `${t.toFixed(2)} → right ${pr.filter((v) => v >= t).length} / wrong ${pw.filter((v) => v >= t).length}`);
  if (scored.length) console.log(`pixel check at other thresholds (groups lifted, right film / wrong film; ${PIXEL_MIN.toFixed(2)} in force): ${sweep.join(', ')}`);
  // the motion check (motion.ts): its margin on its own, and what it changed — lifted below PIXEL_MIN, refused above it
  const byMotion = (os: typeof scored) => os.filter((o) => o.local!.motion != null).sort((a, b) => a.local!.motion! - b.local!.motion!);
  const [mr, mw] = [byMotion(rightGroups), byMotion(wrongGroups)];
  const mnamed = (os: typeof scored) => os.map((o) => `${mo(o)} (pixels ${o.local!.pixels!.toFixed(3)}) ${o.clip}/${o.transform}`).join(', ') || '—';
  const liftedLow = (os: typeof scored) => os.filter((o) => o.local!.filmId && o.local!.pixels! < PIXEL_MIN).length;
  const vetoed = (os: typeof scored) => os.filter((o) => !o.local!.filmId && o.local!.pixels! >= PIXEL_MIN).length;
  if (scored.length) console.log(`motion check: scored ${mr.length + mw.length} of those groups; right film lowest ${mnamed(mr.slice(0, 5))}; wrong film highest ${mnamed(mw.slice(-5).reverse())}; lifted with pixels < ${PIXEL_MIN.toFixed(2)}: right ${liftedLow(rightGroups)} / wrong ${liftedLow(wrongGroups)}; refused with pixels ≥ ${PIXEL_MIN.toFixed(2)} (a rule's group, motion under the floor): right ${vetoed(rightGroups)} / wrong ${vetoed(wrongGroups)}`);
  console.log(`hard tier seconds needed: median ${median(hardSecs) ?? '—'} (local-stage decisions: median ${median(localSecs) ?? '—'})`);
  const missed = pos.filter((o) => !found(o));
  if (missed.length) console.log(`\nmissed: ${missed.map((o) => `${o.clip}/${o.transform}(${o.rightScore.toFixed(2)}${o.bestFilm !== o.expect && o.bestFilm ? ' wrong ' + o.wrongScore.toFixed(2) : ''})`).join(' ')}`);
  console.log(`\ntime: ${Object.entries(meta.seconds).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}`);
}
