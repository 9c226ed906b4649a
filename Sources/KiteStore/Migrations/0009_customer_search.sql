-- Customer lookup by the start of a passport (series and number) or an INN,
-- in any database collation: LIKE 'prefix%' needs pattern operators.
CREATE INDEX customers_passport_prefix ON customers ((passport_series || passport_number) text_pattern_ops)
    WHERE passport_number <> '';
CREATE INDEX customers_inn_prefix ON customers (inn text_pattern_ops) WHERE inn <> '';
-- One or two typed letters match the start of the name (a surname).
CREATE INDEX customers_name_prefix ON customers (lower(name) text_pattern_ops);
