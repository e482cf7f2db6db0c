-- The recipe a reference asset's fingerprints were made with (signal, variants, sampling, dedupe: matcher/register.ts
-- REF_RECIPE). When the recipe changes, `kuzet films rehash` re-fingerprints the assets made with an older one;
-- NULL marks assets registered before recipes were recorded.
ALTER TABLE reference_assets ADD COLUMN recipe text;
