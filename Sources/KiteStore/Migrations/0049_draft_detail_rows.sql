-- Typed work survives, detail tables too (issue 15): a draft keeps the rows of a card's
-- detail tables (a deal's extra lines, a carrier's trucks) beside its form fields, as
-- the row dialogs hold them: {"lines": [{"kind": "service", "description": "…"}, …]}.
-- A table absent from the object was not touched (or the card has none). The same
-- policy, grants and pruning as the rest of the row (0035); the same size bound.
ALTER TABLE drafts ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT drafts_details_shape CHECK (jsonb_typeof(details) = 'object' AND pg_column_size(details) <= 262144);
