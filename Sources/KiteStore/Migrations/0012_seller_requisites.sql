-- A dealership's requisites as a seller, printed on the invoice, the contract
-- and the handover act. Empty means "not filled in yet": the forms print a
-- blank line. The check digits are verified in Swift (KiteDomain.SellerRequisites);
-- the database keeps the shapes.
ALTER TABLE dealerships
    ADD COLUMN legal_name            text NOT NULL DEFAULT '',
    ADD COLUMN inn                   text NOT NULL DEFAULT '' CHECK (inn = '' OR inn ~ '^[0-9]{10}$'),
    ADD COLUMN kpp                   text NOT NULL DEFAULT '' CHECK (kpp = '' OR kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
    ADD COLUMN ogrn                  text NOT NULL DEFAULT '' CHECK (ogrn = '' OR ogrn ~ '^[0-9]{13}$'),
    ADD COLUMN legal_address         text NOT NULL DEFAULT '',
    ADD COLUMN bank_name             text NOT NULL DEFAULT '',
    ADD COLUMN bik                   text NOT NULL DEFAULT '' CHECK (bik = '' OR bik ~ '^04[0-9]{7}$'),
    ADD COLUMN settlement_account    text NOT NULL DEFAULT '' CHECK (settlement_account = '' OR settlement_account ~ '^[0-9]{20}$'),
    ADD COLUMN correspondent_account text NOT NULL DEFAULT '' CHECK (correspondent_account = '' OR correspondent_account ~ '^30101[0-9]{15}$');
