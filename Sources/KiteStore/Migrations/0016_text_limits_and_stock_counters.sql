-- Issue 10, items 10 and 29.
--
-- Item 10: every free-text column gets a length limit, the same as the domain's
-- (KiteDomain.TextLimits; a store test compares them). Before this a 1 MB value failed deep in
-- an index ("index row requires 11472 bytes") without naming the field. Columns whose values are
-- bounded otherwise (code lists, VIN/INN/passport patterns) keep the CHECKs they have; carriers
-- were born with their limits (0014). A row already longer than a limit stops this migration
-- with the constraint's name: shorten that row by hand, then migrate again.

ALTER TABLE vehicles
    ADD CONSTRAINT vehicles_stock_number_length CHECK (length(stock_number) <= 30),
    ADD CONSTRAINT vehicles_make_length CHECK (length(make) <= 60),
    ADD CONSTRAINT vehicles_model_length CHECK (length(model) <= 100),
    ADD CONSTRAINT vehicles_trim_length CHECK (length("trim") <= 100),
    ADD CONSTRAINT vehicles_colour_length CHECK (length(colour) <= 60),
    ADD CONSTRAINT vehicles_body_length CHECK (length(body) <= 60),
    ADD CONSTRAINT vehicles_fuel_length CHECK (length(fuel) <= 30),
    ADD CONSTRAINT vehicles_transmission_length CHECK (length(transmission) <= 30),
    ADD CONSTRAINT vehicles_updated_by_length CHECK (length(updated_by) <= 63);

ALTER TABLE customers
    ADD CONSTRAINT customers_name_length CHECK (length(name) <= 200),
    ADD CONSTRAINT customers_email_length CHECK (length(email) <= 254),
    ADD CONSTRAINT customers_address_length CHECK (length(address) <= 500),
    ADD CONSTRAINT customers_contact_person_length CHECK (length(contact_person) <= 200),
    ADD CONSTRAINT customers_updated_by_length CHECK (length(updated_by) <= 63);

ALTER TABLE deals
    ADD CONSTRAINT deals_manager_login_length CHECK (length(manager_login) <= 63),
    ADD CONSTRAINT deals_discount_requested_by_length CHECK (length(discount_requested_by) <= 63),
    ADD CONSTRAINT deals_discount_approved_by_length CHECK (length(discount_approved_by) <= 63),
    ADD CONSTRAINT deals_trade_in_description_length CHECK (length(trade_in_description) <= 500),
    ADD CONSTRAINT deals_loan_bank_length CHECK (length(loan_bank) <= 200),
    ADD CONSTRAINT deals_cancel_reason_length CHECK (length(cancel_reason) <= 500),
    ADD CONSTRAINT deals_updated_by_length CHECK (length(updated_by) <= 63);

ALTER TABLE deal_lines
    ADD CONSTRAINT deal_lines_description_length CHECK (length(description) <= 200);

ALTER TABLE payments
    ADD CONSTRAINT payments_counterparty_length CHECK (length(counterparty) <= 300),
    ADD CONSTRAINT payments_purpose_length CHECK (length(purpose) <= 1000),
    ADD CONSTRAINT payments_document_ref_length CHECK (length(document_ref) <= 100),
    ADD CONSTRAINT payments_idempotency_key_length CHECK (length(idempotency_key) <= 200),
    ADD CONSTRAINT payments_reason_length CHECK (length(reason) <= 500),
    ADD CONSTRAINT payments_cancel_reason_length CHECK (length(cancel_reason) <= 500),
    ADD CONSTRAINT payments_created_by_length CHECK (length(created_by) <= 63),
    ADD CONSTRAINT payments_created_db_user_length CHECK (length(created_db_user) <= 63),
    ADD CONSTRAINT payments_confirmed_by_length CHECK (length(confirmed_by) <= 63),
    ADD CONSTRAINT payments_confirmed_db_user_length CHECK (length(confirmed_db_user) <= 63),
    ADD CONSTRAINT payments_reversed_by_length CHECK (length(reversed_by) <= 63),
    ADD CONSTRAINT payments_cancelled_by_length CHECK (length(cancelled_by) <= 63),
    ADD CONSTRAINT payments_cancelled_db_user_length CHECK (length(cancelled_db_user) <= 63),
    ADD CONSTRAINT payments_updated_by_length CHECK (length(updated_by) <= 63);

ALTER TABLE dealerships
    ADD CONSTRAINT dealerships_name_length CHECK (length(name) <= 200),
    ADD CONSTRAINT dealerships_city_length CHECK (length(city) <= 100),
    ADD CONSTRAINT dealerships_legal_name_length CHECK (length(legal_name) <= 300),
    ADD CONSTRAINT dealerships_legal_address_length CHECK (length(legal_address) <= 500),
    ADD CONSTRAINT dealerships_bank_name_length CHECK (length(bank_name) <= 200);

ALTER TABLE locations
    ADD CONSTRAINT locations_name_length CHECK (length(name) <= 100),
    ADD CONSTRAINT locations_city_length CHECK (length(city) <= 100),
    ADD CONSTRAINT locations_address_length CHECK (length(address) <= 500);
-- Item 29: the counter alone numbers cars. Until now every new car's number was taken with
-- max(substring(stock_number …)) over the dealership's whole stock (quadratic imports, and a
-- wait at a million cars). Every dealership now has its counter from the start: the existing
-- ones are seeded here once from the numbers in use, a new dealership gets one at 0 by trigger.
INSERT INTO stock_number_counters (dealership_id, last_number)
SELECT d.id, coalesce((SELECT max(substring(v.stock_number FROM '([0-9]+)$')::bigint)
                       FROM vehicles v WHERE v.dealership_id = d.id), 0)
FROM dealerships d
ON CONFLICT (dealership_id) DO UPDATE SET last_number = greatest(stock_number_counters.last_number, EXCLUDED.last_number);

CREATE FUNCTION dealerships_stock_number_counter() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO public.stock_number_counters (dealership_id, last_number) VALUES (NEW.id, 0)
    ON CONFLICT (dealership_id) DO NOTHING;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION dealerships_stock_number_counter() FROM PUBLIC;

CREATE TRIGGER dealerships_stock_number_counter AFTER INSERT ON dealerships
    FOR EACH ROW EXECUTE FUNCTION dealerships_stock_number_counter();
