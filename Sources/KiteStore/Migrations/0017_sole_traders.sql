-- Sole traders (индивидуальный предприниматель, ИП) as a third kind of customer, and the
-- shape of each kind's tax numbers (issue 10, item 11). An ОГРН's first digit is the
-- record's type: 1 or 5 for a company's ОГРН (13 digits), 3 for a sole trader's ОГРНИП
-- (15 digits); the last digit is the check digit (the leading digits as a number mod 11,
-- resp. mod 13, then mod 10). A sole trader's INN is a person's: 12 digits; a company's
-- 10. A sole trader has no KPP and no passport on the card.

-- The ОГРН / ОГРНИП check digit. Pure: usable in a CHECK; no search path to shadow.
CREATE FUNCTION kite_ogrn_valid(ogrn text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN ogrn ~ '^[15][0-9]{12}$'
            THEN (left(ogrn, 12)::numeric % 11) % 10 = right(ogrn, 1)::int
        WHEN ogrn ~ '^3[0-9]{14}$'
            THEN (left(ogrn, 14)::numeric % 13) % 10 = right(ogrn, 1)::int
        ELSE false
    END
$$;

ALTER TABLE customers DROP CONSTRAINT customers_kind_check;
ALTER TABLE customers
    ADD CONSTRAINT customers_kind_check CHECK (kind IN ('person', 'company', 'sole_trader')),
    ADD CONSTRAINT customers_company_numbers CHECK (kind <> 'company'
        OR (inn ~ '^([0-9]{10})?$' AND (ogrn = '' OR (ogrn ~ '^[15][0-9]{12}$' AND kite_ogrn_valid(ogrn))))),
    ADD CONSTRAINT customers_sole_trader_numbers CHECK (kind <> 'sole_trader'
        OR (inn ~ '^([0-9]{12})?$' AND kpp = '' AND (ogrn = '' OR (ogrn ~ '^3[0-9]{14}$' AND kite_ogrn_valid(ogrn))))),
    ADD CONSTRAINT customers_ogrn_record_type CHECK (ogrn = '' OR kite_ogrn_valid(ogrn));
