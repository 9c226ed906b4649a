-- Sole traders (индивидуальный предприниматель, ИП) as a third kind of customer, and the
-- shape of each kind's tax numbers (issue 10, item 11). An ОГРН's first digit is the
-- record's type: 1 or 5 for a company's ОГРН (13 digits), 3 for a sole trader's ОГРНИП
-- (15 digits); an ОГРН starting with 0 is no registration number. A sole trader's INN is a
-- person's: 12 digits; a company's 10. A sole trader has no KPP and no passport on the card.
-- Check digits stay the domain's rule and the verification checks' (inn_checksum,
-- ogrn_checksum), as before: a row typed in with psql is flagged, not lost.

-- Before there was a kind for them, sole traders were entered as companies: a 12-digit INN
-- or a 15-digit ОГРНИП says which.
UPDATE customers SET kind = 'sole_trader', kpp = ''
 WHERE kind = 'company' AND (inn ~ '^[0-9]{12}$' OR ogrn ~ '^3[0-9]{14}$');

ALTER TABLE customers DROP CONSTRAINT customers_kind_check;
ALTER TABLE customers
    ADD CONSTRAINT customers_kind_check CHECK (kind IN ('person', 'company', 'sole_trader'));

-- NOT VALID: every new or changed row is held to them; a row stored before (an ОГРН that
-- starts with 0, say) does not stop the upgrade, and the card refuses it at its next save.
ALTER TABLE customers
    ADD CONSTRAINT customers_ogrn_record_type
        CHECK (ogrn = '' OR ogrn ~ '^([15][0-9]{12}|3[0-9]{14})$') NOT VALID,
    ADD CONSTRAINT customers_company_numbers
        CHECK (kind <> 'company' OR (inn ~ '^([0-9]{10})?$' AND ogrn ~ '^([15][0-9]{12})?$')) NOT VALID,
    ADD CONSTRAINT customers_sole_trader_numbers
        CHECK (kind <> 'sole_trader' OR (inn ~ '^([0-9]{12})?$' AND kpp = '' AND ogrn ~ '^(3[0-9]{14})?$')) NOT VALID;
