-- 0043's comparables query, measured at 1,000,000 sold cars: the planner took the model
-- years `= ANY (ARRAY[y-1, y, y+1])` (and a LATERAL over them alike) as a filter, not as
-- an index bound, so each probe walked every sale of the make and model (~700 index pages,
-- p95 114 ms). With one scan per model year (`year = y`) the year and the sale date both
-- bound the scan: a few dozen pages, no heap fetch. The percentiles of one column come
-- from one sort (percentile_disc over an array of fractions), not one sort each. Same
-- rows, same figures.
CREATE OR REPLACE FUNCTION appraisal_comparables(for_make text, for_model text, for_year int, for_mileage int, days int DEFAULT 180)
RETURNS TABLE (comparables int, price_p25 numeric, price_median numeric, price_p75 numeric,
               price_min numeric, price_max numeric, days_median int, days_p75 int)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    the_make text := lower(btrim(for_make));
    the_model text := lower(btrim(for_model));
    since timestamptz := now() - make_interval(days => days);
BEGIN
    RETURN QUERY
    WITH sales AS (
        SELECT v.sale_price, v.sold_at, v.arrival_date, v.created_at FROM public.vehicles v
         WHERE v.status IN ('sold', 'delivered') AND v.sold_at IS NOT NULL
           AND lower(v.make) = the_make AND lower(v.model) = the_model AND v.year = for_year - 1
           AND v.sold_at >= since AND v.mileage_km BETWEEN for_mileage - 20000 AND for_mileage + 20000
        UNION ALL
        SELECT v.sale_price, v.sold_at, v.arrival_date, v.created_at FROM public.vehicles v
         WHERE v.status IN ('sold', 'delivered') AND v.sold_at IS NOT NULL
           AND lower(v.make) = the_make AND lower(v.model) = the_model AND v.year = for_year
           AND v.sold_at >= since AND v.mileage_km BETWEEN for_mileage - 20000 AND for_mileage + 20000
        UNION ALL
        SELECT v.sale_price, v.sold_at, v.arrival_date, v.created_at FROM public.vehicles v
         WHERE v.status IN ('sold', 'delivered') AND v.sold_at IS NOT NULL
           AND lower(v.make) = the_make AND lower(v.model) = the_model AND v.year = for_year + 1
           AND v.sold_at >= since AND v.mileage_km BETWEEN for_mileage - 20000 AND for_mileage + 20000)
    SELECT a.n, a.prices[1], a.prices[2], a.prices[3], a.low, a.high, a.days[1], a.days[2]
      FROM (SELECT count(*)::int AS n,
                   percentile_disc(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY s.sale_price) AS prices,
                   min(s.sale_price) AS low, max(s.sale_price) AS high,
                   percentile_disc(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY s.days_in_stock) AS days
              FROM (SELECT sales.sale_price,
                           greatest(0, (sales.sold_at::date - coalesce(sales.arrival_date, sales.created_at::date)))::int AS days_in_stock
                      FROM sales) s) a;
END
$$;
