-- The last stock number issued per dealership (MSK-000124 → 124). A row lock
-- on the counter serialises numbering, so two operators never get the same
-- number, without scanning vehicles.
CREATE TABLE stock_number_counters (
    dealership_id bigint PRIMARY KEY REFERENCES dealerships (id),
    last_number   bigint NOT NULL CHECK (last_number >= 0)
);
