-- Sales: customers, deals with their extra lines, discount reasons, the
-- dealership's sales settings, and notices for users (shown on next login).

-- Dealership settings the deal rules read.
ALTER TABLE dealerships
    ADD COLUMN discount_limit_percent numeric(5,2) NOT NULL DEFAULT 5
        CHECK (discount_limit_percent >= 0 AND discount_limit_percent <= 100),
    -- Contract gate: checks whose latest result must not be 'failed', and how
    -- old the latest result of each may be.
    ADD COLUMN blocking_checks text[] NOT NULL
        DEFAULT '{vin_structure,duplicate_vin,pledge,wanted,restrictions,passport_invalid,buyer_age}',
    ADD COLUMN check_max_age_days int NOT NULL DEFAULT 30 CHECK (check_max_age_days > 0);

-- A senior may approve a discount above the dealership's limit.
ALTER TABLE employees ADD COLUMN is_senior boolean NOT NULL DEFAULT false;

CREATE TABLE discount_reasons (
    code    text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    name_ru text NOT NULL,
    name_en text NOT NULL,
    active  boolean NOT NULL DEFAULT true
);

INSERT INTO discount_reasons (code, name_ru, name_en) VALUES
    ('promo',     'Акция',                 'promotion'),
    ('trade_in',  'Сдача авто в трейд-ин', 'trade-in bonus'),
    ('loyalty',   'Постоянный клиент',     'returning customer'),
    ('stock_age', 'Долгий склад',          'long in stock'),
    ('corporate', 'Корпоративный клиент',  'corporate customer'),
    ('defect',    'Дефект, повреждение',   'defect or damage');

CREATE TABLE customers (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                 text NOT NULL CHECK (kind IN ('person', 'company')),
    -- A person's full name or a company's name.
    name                 text NOT NULL CHECK (btrim(name) <> ''),
    birth_date           date,
    phone                text NOT NULL DEFAULT '' CHECK (phone ~ '^(\+7[0-9]{10})?$'),
    email                text NOT NULL DEFAULT '',
    passport_series      text NOT NULL DEFAULT '' CHECK (passport_series ~ '^([0-9]{4})?$'),
    passport_number      text NOT NULL DEFAULT '' CHECK (passport_number ~ '^([0-9]{6})?$'),
    passport_issue_date  date,
    passport_issuer_code text NOT NULL DEFAULT '' CHECK (passport_issuer_code ~ '^([0-9]{3}-[0-9]{3})?$'),
    inn                  text NOT NULL DEFAULT '' CHECK (inn ~ '^([0-9]{10}|[0-9]{12})?$'),
    kpp                  text NOT NULL DEFAULT '' CHECK (kpp ~ '^([0-9]{4}[0-9A-Z]{2}[0-9]{3})?$'),
    ogrn                 text NOT NULL DEFAULT '' CHECK (ogrn ~ '^([0-9]{13}|[0-9]{15})?$'),
    address              text NOT NULL DEFAULT '',
    contact_person       text NOT NULL DEFAULT '',
    consent_given        boolean NOT NULL DEFAULT false,
    consent_date         date,
    dealership_id        bigint REFERENCES dealerships (id),
    version              int NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text NOT NULL,
    CHECK (NOT consent_given OR consent_date IS NOT NULL),
    CHECK (kind = 'person' OR (birth_date IS NULL AND passport_series = '' AND passport_number = ''))
);

-- Lookup as you type: name fragments by trigram, phone and documents by prefix or fragment.
CREATE INDEX customers_name_trgm  ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_phone_trgm ON customers USING gin (phone gin_trgm_ops);
CREATE INDEX customers_name_id    ON customers (lower(name), id);
CREATE INDEX customers_phone      ON customers (phone) WHERE phone <> '';
CREATE INDEX customers_passport   ON customers ((passport_series || passport_number)) WHERE passport_number <> '';
CREATE INDEX customers_inn        ON customers (inn) WHERE inn <> '';

CREATE TABLE deal_number_counters (
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    year          int NOT NULL,
    last_number   bigint NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (dealership_id, year)
);

CREATE TABLE deals (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number               text NOT NULL UNIQUE CHECK (number ~ '^[A-Z0-9]{2,10}-[0-9]{4}-[0-9]{6}$'),
    dealership_id        bigint NOT NULL REFERENCES dealerships (id),
    manager_login        text NOT NULL,
    customer_id          bigint REFERENCES customers (id),
    vehicle_id           bigint REFERENCES vehicles (id),
    stage                text NOT NULL DEFAULT 'draft' CHECK (stage IN
                             ('draft', 'reserved', 'contracted', 'delivered', 'closed', 'cancelled')),
    list_price           numeric(14,2) NOT NULL DEFAULT 0 CHECK (list_price >= 0),
    sale_price           numeric(14,2) NOT NULL DEFAULT 0 CHECK (sale_price >= 0),
    discount_amount      numeric(14,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    discount_reason      text REFERENCES discount_reasons (code),
    discount_requested_by text,
    discount_approved_by text,
    discount_approved_at timestamptz,
    trade_in_credit      numeric(14,2) NOT NULL DEFAULT 0 CHECK (trade_in_credit >= 0),
    trade_in_description text NOT NULL DEFAULT '',
    loan_bank            text NOT NULL DEFAULT '',
    loan_amount          numeric(14,2) NOT NULL DEFAULT 0 CHECK (loan_amount >= 0),
    vat_rate_percent     int NOT NULL DEFAULT 22 CHECK (vat_rate_percent BETWEEN 0 AND 99),
    margin_vat           boolean NOT NULL DEFAULT false,
    purchase_cost        numeric(14,2) NOT NULL DEFAULT 0 CHECK (purchase_cost >= 0),
    -- Totals as priced by KiteDomain.DealPricing at the last save; finance reads them.
    total_amount         numeric(14,2) NOT NULL DEFAULT 0,
    vat_amount           numeric(14,2) NOT NULL DEFAULT 0,
    amount_due           numeric(14,2) NOT NULL DEFAULT 0,
    customer_part        numeric(14,2) NOT NULL DEFAULT 0,
    planned_handover     date,
    reserved_until       date,
    reserved_at          timestamptz,
    contracted_at        timestamptz,
    delivered_at         timestamptz,
    closed_at            timestamptz,
    cancelled_at         timestamptz,
    cancel_reason        text NOT NULL DEFAULT '',
    version              int NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text NOT NULL,
    CHECK (stage IN ('draft', 'cancelled') OR (customer_id IS NOT NULL AND vehicle_id IS NOT NULL)),
    CHECK (stage <> 'reserved' OR reserved_until IS NOT NULL),
    CHECK (discount_approved_by IS NULL OR discount_approved_by IS DISTINCT FROM discount_requested_by),
    CHECK (discount_amount = 0 OR discount_reason IS NOT NULL),
    CHECK (loan_amount = 0 OR btrim(loan_bank) <> '')
);

-- One active deal per vehicle: of many sessions reserving one car at once,
-- exactly one commits.
CREATE UNIQUE INDEX deals_one_active_per_vehicle ON deals (vehicle_id)
    WHERE stage IN ('reserved', 'contracted', 'delivered');

CREATE INDEX deals_dealership_stage ON deals (dealership_id, stage, id);
CREATE INDEX deals_manager          ON deals (manager_login, id);
CREATE INDEX deals_customer         ON deals (customer_id);
CREATE INDEX deals_vehicle          ON deals (vehicle_id);
CREATE INDEX deals_reserved_until   ON deals (reserved_until) WHERE stage = 'reserved';

CREATE TABLE deal_lines (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deal_id          bigint NOT NULL REFERENCES deals (id),
    position         int NOT NULL CHECK (position >= 1),
    kind             text NOT NULL CHECK (kind IN ('accessory', 'service', 'insurance', 'extended_warranty')),
    description      text NOT NULL CHECK (btrim(description) <> ''),
    quantity         int NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
    unit_price       numeric(14,2) NOT NULL CHECK (unit_price >= 0),
    -- NULL: without VAT (без НДС).
    vat_rate_percent int CHECK (vat_rate_percent BETWEEN 0 AND 99),
    UNIQUE (deal_id, position)
);

-- Deals change live on other screens: payload "id:stage".
CREATE FUNCTION deals_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('deals', NEW.id::text || ':' || NEW.stage);
    RETURN NEW;
END
$$;

CREATE TRIGGER deals_notify
    AFTER INSERT OR UPDATE OF stage ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_notify();

-- Something a user should read when they next open kite (a reservation that
-- expired overnight, say).
CREATE TABLE user_notices (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login      text NOT NULL,
    message_ru text NOT NULL,
    message_en text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);

CREATE INDEX user_notices_unread ON user_notices (login, id) WHERE read_at IS NULL;
