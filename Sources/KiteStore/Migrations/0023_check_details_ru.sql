-- A check's details in Russian beside `details` (English, also what the API and logs show):
-- the Russian UI showed the checks' details in English. Empty when a check has none in
-- Russian (a registry's own answer is kept as it came, in `details`).
ALTER TABLE check_results
    ADD COLUMN details_ru text NOT NULL DEFAULT '' CHECK (length(details_ru) <= 4000);
