-- The comparables of an appraisal (issue 13) at 1,000,000 sold cars took 227–350 ms at
-- p95: for each probe the query fetched ~1,800 vehicles from the heap and looked up each
-- one's deal. The sale a comparable needs (when, for how much) now lives on the car:
-- vehicles.sold_at and vehicles.sale_price, kept by a trigger on deals, so the query is
-- one index-only scan.
--
-- Same meaning as 0030's appraisal_comparables: a car's sale is its latest deal at stage
-- contracted, delivered or closed with a contracted_at (the latest by contracted_at); a
-- deal cancelled (or moved back, or moved to another car, or deleted) leaves the car with
-- its previous such deal, or none (both columns NULL). The car's status (sold or
-- delivered) is still read from vehicles, as before. Nobody writes the two columns but
-- the trigger (running as the owner); a person's INSERT or UPDATE that sets them is refused.

ALTER TABLE vehicles ADD COLUMN sold_at timestamptz, ADD COLUMN sale_price numeric(14,2);
ALTER TABLE vehicles ADD CONSTRAINT vehicles_sale_shape CHECK ((sold_at IS NULL) = (sale_price IS NULL));

-- ---------------------------------------------------------------- maintained from deals

-- Sets the car's sale from its deals (no row changes when nothing differs).
CREATE FUNCTION vehicle_sale_sync(vehicle bigint) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    UPDATE public.vehicles v SET sold_at = s.contracted_at, sale_price = s.sale_price
      FROM (SELECT (SELECT d.contracted_at FROM public.deals d
                     WHERE d.vehicle_id = vehicle AND d.stage IN ('contracted', 'delivered', 'closed') AND d.contracted_at IS NOT NULL
                     ORDER BY d.contracted_at DESC, d.id DESC LIMIT 1) AS contracted_at,
                   (SELECT d.sale_price FROM public.deals d
                     WHERE d.vehicle_id = vehicle AND d.stage IN ('contracted', 'delivered', 'closed') AND d.contracted_at IS NOT NULL
                     ORDER BY d.contracted_at DESC, d.id DESC LIMIT 1) AS sale_price) s
     WHERE v.id = vehicle AND (v.sold_at, v.sale_price) IS DISTINCT FROM (s.contracted_at, s.sale_price)
$$;

CREATE FUNCTION deals_vehicle_sale() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.vehicle_id IS NOT NULL THEN
        PERFORM public.vehicle_sale_sync(OLD.vehicle_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.vehicle_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.vehicle_id IS DISTINCT FROM OLD.vehicle_id) THEN
        PERFORM public.vehicle_sale_sync(NEW.vehicle_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER deals_vehicle_sale AFTER INSERT OR DELETE OR UPDATE OF stage, sale_price, contracted_at, vehicle_id ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_vehicle_sale();

-- People do not write the sale: only the trigger above (running as the owner) does.
CREATE FUNCTION vehicles_sale_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.kite_runs_as_owner() OR public.kite_is_owner() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.sold_at IS NOT NULL OR NEW.sale_price IS NOT NULL)
       OR TG_OP = 'UPDATE' AND (NEW.sold_at, NEW.sale_price) IS DISTINCT FROM (OLD.sold_at, OLD.sale_price) THEN
        PERFORM public.kite_refuse('vehicles_sale_maintained',
            format('the sale date and price of vehicle %s come from its deals: they are not written', NEW.stock_number),
            jsonb_build_object('stock_number', NEW.stock_number));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER vehicles_sale_guard BEFORE INSERT OR UPDATE ON vehicles
    FOR EACH ROW EXECUTE FUNCTION vehicles_sale_guard();

REVOKE ALL ON FUNCTION vehicle_sale_sync(bigint), deals_vehicle_sale(), vehicles_sale_guard() FROM PUBLIC;

-- ---------------------------------------------------------------- backfill

UPDATE vehicles v SET sold_at = s.contracted_at, sale_price = s.sale_price
  FROM (SELECT DISTINCT ON (d.vehicle_id) d.vehicle_id, d.contracted_at, d.sale_price
          FROM deals d
         WHERE d.vehicle_id IS NOT NULL AND d.stage IN ('contracted', 'delivered', 'closed') AND d.contracted_at IS NOT NULL
         ORDER BY d.vehicle_id, d.contracted_at DESC, d.id DESC) s
 WHERE v.id = s.vehicle_id;

-- ---------------------------------------------------------------- the comparables

-- Everything the query reads is in the index (make and model as typed are included:
-- the planner takes an index-only scan only when the columns under lower() are there).
-- model year is scanned as three equalities (= ANY), so sold_at bounds each of them.
DROP INDEX vehicles_comparables;
CREATE INDEX vehicles_sold_comparables ON vehicles (lower(make), lower(model), year, sold_at, mileage_km)
    INCLUDE (make, model, sale_price, arrival_date, created_at)
    WHERE status IN ('sold', 'delivered') AND sold_at IS NOT NULL;

-- The statistics of the group's sales, as 0030's (not one dealership's: it runs as the
-- owner and returns only figures, no car and no customer): same make and model, model
-- year ±1, mileage within ±20,000 km, sold (contracted) in the last `days` days. As
-- PL/pgSQL the statement's plan is kept per session.
CREATE OR REPLACE FUNCTION appraisal_comparables(for_make text, for_model text, for_year int, for_mileage int, days int DEFAULT 180)
RETURNS TABLE (comparables int, price_p25 numeric, price_median numeric, price_p75 numeric,
               price_min numeric, price_max numeric, days_median int, days_p75 int)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT count(*)::int,
           percentile_disc(0.25) WITHIN GROUP (ORDER BY s.sale_price),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY s.sale_price),
           percentile_disc(0.75) WITHIN GROUP (ORDER BY s.sale_price),
           min(s.sale_price), max(s.sale_price),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY s.days_in_stock),
           percentile_disc(0.75) WITHIN GROUP (ORDER BY s.days_in_stock)
      FROM (SELECT v.sale_price,
                   greatest(0, (v.sold_at::date - coalesce(v.arrival_date, v.created_at::date)))::int AS days_in_stock
              FROM public.vehicles v
             WHERE v.status IN ('sold', 'delivered') AND v.sold_at IS NOT NULL
               AND lower(v.make) = lower(btrim(for_make)) AND lower(v.model) = lower(btrim(for_model))
               AND v.year = ANY (ARRAY[for_year - 1, for_year, for_year + 1])
               AND v.sold_at >= now() - make_interval(days => days)
               AND v.mileage_km BETWEEN for_mileage - 20000 AND for_mileage + 20000) s;
END
$$;
