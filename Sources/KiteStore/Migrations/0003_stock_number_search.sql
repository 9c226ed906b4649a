-- Operators search by stock number too (MSK-000123, or just 123): a trigram
-- index so the filter stays an index lookup at a million rows.
CREATE INDEX vehicles_stock_number_trgm ON vehicles USING gin (stock_number gin_trgm_ops);
