-- Row-level security per dealership (issue 11): a person sees and changes the
-- rows of the dealerships they belong to (employee_dealerships); members of
-- kite_head_office (admins, kited) see all. The owner is not subject to it.
--
-- The policies call the membership functions in scalar subqueries, so each is
-- evaluated once per statement (an InitPlan), not once per row: the stock list
-- keeps its index scans.

ALTER TABLE vehicles ENABLE ROW LEVEL SECURITY;
CREATE POLICY vehicles_dealership ON vehicles
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

-- A customer without a dealership (an old import) is the head office's.
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_dealership ON customers
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE deals ENABLE ROW LEVEL SECURITY;
CREATE POLICY deals_dealership ON deals
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_dealership ON payments
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE cash_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY cash_days_dealership ON cash_days
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE stock_number_counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_number_counters_dealership ON stock_number_counters
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE deal_number_counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_number_counters_dealership ON deal_number_counters
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))
    WITH CHECK ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

-- Rows that belong to a deal or a subject follow it: the subquery is itself
-- filtered by the caller's policies on deals, vehicles and customers.
ALTER TABLE deal_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_lines_dealership ON deal_lines
    USING (EXISTS (SELECT 1 FROM public.deals d WHERE d.id = deal_id))
    WITH CHECK (EXISTS (SELECT 1 FROM public.deals d WHERE d.id = deal_id));

ALTER TABLE deal_payment_totals ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_payment_totals_dealership ON deal_payment_totals FOR SELECT
    USING (EXISTS (SELECT 1 FROM public.deals d WHERE d.id = deal_id));

ALTER TABLE check_results ENABLE ROW LEVEL SECURITY;
CREATE POLICY check_results_dealership ON check_results
    USING ((SELECT kite_sees_all_dealerships())
           OR (subject_kind = 'vehicle' AND EXISTS (SELECT 1 FROM public.vehicles v WHERE v.id = subject_id))
           OR (subject_kind = 'customer' AND EXISTS (SELECT 1 FROM public.customers c WHERE c.id = subject_id)));

-- Duplicates are still found group-wide: where else a customer with the same
-- phone, passport or INN is on file. It says only which dealership and on what
-- the match is, never who.
CREATE FUNCTION kite_customer_elsewhere(phone_number text, passport text, tax_number text, except_id bigint)
RETURNS TABLE (dealership_code text, matched_on text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(d.code, '—'),
           array_remove(ARRAY[
               CASE WHEN bool_or(phone_number <> '' AND c.phone = phone_number) THEN 'phone' END,
               CASE WHEN bool_or(length(passport) = 10 AND c.passport_number <> ''
                                 AND c.passport_series || c.passport_number = passport) THEN 'passport' END,
               CASE WHEN bool_or(tax_number <> '' AND c.inn = tax_number) THEN 'inn' END], NULL)
    FROM public.customers c LEFT JOIN public.dealerships d ON d.id = c.dealership_id
    WHERE c.id IS DISTINCT FROM except_id
      AND NOT (c.dealership_id IS NOT NULL AND kite_may_see_dealership(c.dealership_id))
      AND ((phone_number <> '' AND c.phone = phone_number)
        OR (length(passport) = 10 AND c.passport_number <> '' AND c.passport_series || c.passport_number = passport)
        OR (tax_number <> '' AND c.inn = tax_number))
    GROUP BY d.code
    ORDER BY 1
$$;
REVOKE ALL ON FUNCTION kite_customer_elsewhere(text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_customer_elsewhere(text, text, text, bigint) TO kite_staff;
