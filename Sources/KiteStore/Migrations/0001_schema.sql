-- Kite Auto schema v1: reference data, vehicles (stock), audit log.
-- Applied by Migrator in one transaction. Never edit once applied: add 0002_….

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE dealerships (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,10}$'),
    name             text NOT NULL,
    city             text NOT NULL DEFAULT '',
    vat_rate_percent numeric(5,2) NOT NULL DEFAULT 22 CHECK (vat_rate_percent >= 0 AND vat_rate_percent < 100),
    reservation_days int NOT NULL DEFAULT 3 CHECK (reservation_days >= 0),
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('showroom', 'yard', 'port', 'external')),
    city          text NOT NULL DEFAULT '',
    address       text NOT NULL DEFAULT '',
    UNIQUE (dealership_id, name)
);

CREATE TABLE vehicle_types (
    code    text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    name_ru text NOT NULL,
    name_en text NOT NULL
);

INSERT INTO vehicle_types (code, name_ru, name_en) VALUES
    ('car',   'легковой',     'car'),
    ('ev',    'электромобиль', 'electric car'),
    ('truck', 'грузовой',     'truck'),
    ('moto',  'мототехника',  'motorcycle');

CREATE TABLE employees (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL UNIQUE,
    full_name     text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'manager', 'operator', 'finance', 'logistics', 'appraiser')),
    dealership_id bigint REFERENCES dealerships (id),
    active        boolean NOT NULL DEFAULT true
);

CREATE TABLE vehicles (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stock_number               text NOT NULL UNIQUE,
    vin                        char(17) NOT NULL CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    make                       text NOT NULL,
    model                      text NOT NULL,
    trim                       text NOT NULL DEFAULT '',
    year                       int NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    colour                     text NOT NULL DEFAULT '',
    body                       text NOT NULL DEFAULT '',
    fuel                       text NOT NULL DEFAULT '',
    transmission               text NOT NULL DEFAULT '',
    mileage_km                 int NOT NULL DEFAULT 0 CHECK (mileage_km >= 0),
    condition                  text NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'used')),
    status                     text NOT NULL DEFAULT 'ordered' CHECK (status IN
                                   ('ordered', 'in_transit', 'in_stock', 'in_preparation',
                                    'reserved', 'sold', 'delivered', 'written_off')),
    vehicle_type               text NOT NULL DEFAULT 'car' REFERENCES vehicle_types (code),
    dealership_id              bigint NOT NULL REFERENCES dealerships (id),
    location_id                bigint REFERENCES locations (id),
    purchase_cost              numeric(14,2) NOT NULL DEFAULT 0 CHECK (purchase_cost >= 0),
    list_price                 numeric(14,2) NOT NULL DEFAULT 0 CHECK (list_price >= 0),
    arrival_date               date,
    attributes                 jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    bought_from_private_person boolean NOT NULL DEFAULT false,
    version                    int NOT NULL DEFAULT 1,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    updated_by                 text NOT NULL
);

-- One active vehicle per VIN; a delivered or written-off car may come back
-- (trade-in) as a new row.
CREATE UNIQUE INDEX vehicles_active_vin_key ON vehicles (vin)
    WHERE status NOT IN ('delivered', 'written_off');

-- Search: every typed word must match the VIN or "make model" (ILIKE '%word%').
CREATE INDEX vehicles_vin_trgm ON vehicles USING gin ((vin::text) gin_trgm_ops);
CREATE INDEX vehicles_make_model_trgm ON vehicles USING gin ((lower(make || ' ' || model)) gin_trgm_ops);

-- Keyset paging: (sort column, id) for each sortable column of the stock list.
-- Nullable columns are sorted through COALESCE so the row comparison never
-- meets NULL (NULL location first, NULL arrival date last).
CREATE INDEX vehicles_stock_number_id ON vehicles (stock_number, id);
CREATE INDEX vehicles_vin_id          ON vehicles (vin, id);
CREATE INDEX vehicles_make_id         ON vehicles (make, id);
CREATE INDEX vehicles_model_id        ON vehicles (model, id);
CREATE INDEX vehicles_year_id         ON vehicles (year, id);
CREATE INDEX vehicles_colour_id       ON vehicles (colour, id);
CREATE INDEX vehicles_mileage_km_id   ON vehicles (mileage_km, id);
CREATE INDEX vehicles_status_id       ON vehicles (status, id);
CREATE INDEX vehicles_list_price_id   ON vehicles (list_price, id);
CREATE INDEX vehicles_arrival_date_id ON vehicles ((COALESCE(arrival_date, 'infinity'::date)), id);
CREATE INDEX vehicles_location_id_id  ON vehicles ((COALESCE(location_id, 0)), id);
CREATE INDEX vehicles_dealership_id   ON vehicles (dealership_id, id);

-- Live stock list: one notification per status change, payload "id:status".
CREATE FUNCTION vehicles_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('vehicles', NEW.id::text || ':' || NEW.status);
    RETURN NEW;
END
$$;

CREATE TRIGGER vehicles_notify
    AFTER UPDATE OF status ON vehicles
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION vehicles_notify();

-- Who did what. Append-only: updates and deletes are refused.
CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity    text NOT NULL,
    entity_id bigint NOT NULL,
    action    text NOT NULL,
    actor     text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    data      jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
