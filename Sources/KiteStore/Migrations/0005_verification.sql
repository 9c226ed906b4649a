-- Verification checks: append-only results, local registries, mileage readings.

CREATE TABLE check_results (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_kind  text NOT NULL CHECK (subject_kind IN ('vehicle', 'customer')),
    subject_id    bigint NOT NULL,
    vin           char(17),
    check_name    text NOT NULL CHECK (check_name ~ '^[a-z0-9_]{1,40}$'),
    status        text NOT NULL CHECK (status IN ('passed', 'warning', 'failed', 'error')),
    details       text NOT NULL DEFAULT '',
    provider      text NOT NULL DEFAULT 'local',
    checked_at    timestamptz NOT NULL DEFAULT now()
);

-- The latest result per subject and check is the one that counts.
CREATE INDEX check_results_latest
    ON check_results (subject_kind, subject_id, check_name, checked_at DESC, id DESC);
CREATE INDEX check_results_vin ON check_results (vin) WHERE vin IS NOT NULL;

CREATE TABLE registry_pledges (
    vin          char(17) PRIMARY KEY CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    details      text NOT NULL DEFAULT '',
    source       text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry_wanted (
    vin          char(17) PRIMARY KEY CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    details      text NOT NULL DEFAULT '',
    source       text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry_restrictions (
    vin          char(17) PRIMARY KEY CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    details      text NOT NULL DEFAULT '',
    source       text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mileage_readings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vin          char(17) NOT NULL,
    km           integer NOT NULL CHECK (km >= 0),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL
);
CREATE INDEX mileage_readings_vin ON mileage_readings (vin, recorded_at);
