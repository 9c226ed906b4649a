-- The idle lock (0035) is a dealership rule like the others, so it changes through
-- the admin's settings command (0037) and not by a direct UPDATE: the command takes
-- one more argument. Dropped and made again because its signature changes.

DROP FUNCTION kite_dealership_settings_set(text, text[], int, numeric, text, numeric, int);

CREATE FUNCTION kite_dealership_settings_set(dealership_code text, new_blocking_checks text[] DEFAULT NULL,
                                             new_check_max_age_days int DEFAULT NULL,
                                             new_discount_limit_percent numeric DEFAULT NULL,
                                             new_time_zone text DEFAULT NULL,
                                             new_vat_rate_percent numeric DEFAULT NULL,
                                             new_reservation_days int DEFAULT NULL,
                                             new_idle_lock_minutes int DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_require_any_role(ARRAY['kite_admin'], 'kite_admin_role', 'change_settings');
    UPDATE public.dealerships
    SET blocking_checks = coalesce(new_blocking_checks, blocking_checks),
        check_max_age_days = coalesce(new_check_max_age_days, check_max_age_days),
        discount_limit_percent = coalesce(new_discount_limit_percent, discount_limit_percent),
        time_zone = coalesce(new_time_zone, time_zone),
        vat_rate_percent = coalesce(new_vat_rate_percent, vat_rate_percent),
        reservation_days = coalesce(new_reservation_days, reservation_days),
        idle_lock_minutes = coalesce(new_idle_lock_minutes, idle_lock_minutes)
    WHERE code = dealership_code;
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION kite_dealership_settings_set(text, text[], int, numeric, text, numeric, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_dealership_settings_set(text, text[], int, numeric, text, numeric, int, int) TO kite_admin;
