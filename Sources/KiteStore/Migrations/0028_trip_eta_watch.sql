-- Logistics: telling the trip's clerk when a trip runs late or a stop's ETA moves
-- (issue 12). kited runs trip_eta_watch() periodically (job kind trips.watch_eta): a
-- stop of a trip on the way, past its ETA and not reached, gets one notice; a stop
-- whose ETA moved by more than the margin since the clerk was last told gets one too.
-- What was told is kept on the stop, so a run never tells the same thing twice.

ALTER TABLE trip_stops
    ADD COLUMN late_noticed_at timestamptz,
    ADD COLUMN told_eta timestamptz;

CREATE FUNCTION trip_eta_watch(margin_minutes int) RETURNS TABLE (trip_number text, clerk_login text, kind text, stop_position int)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF margin_minutes IS NULL OR margin_minutes < 1 THEN
        PERFORM public.kite_refuse('trip_eta_margin', 'the ETA margin is at least one minute');
    END IF;
    RETURN QUERY
    WITH watched AS MATERIALIZED (
        SELECT s.id, s.position, s.eta, s.told_eta, s.late_noticed_at, t.number, t.clerk_login
          FROM public.trip_stops s JOIN public.trips t ON t.id = s.trip_id
         WHERE t.stage IN ('planned', 'loading', 'in_transit') AND s.arrived_at IS NULL AND s.eta IS NOT NULL
         ORDER BY s.id
           FOR UPDATE OF s SKIP LOCKED
    ), late AS (
        SELECT w.* FROM watched w
         WHERE w.late_noticed_at IS NULL AND w.eta < now()
           AND EXISTS (SELECT 1 FROM public.trips t WHERE t.number = w.number AND t.stage = 'in_transit')
    ), moved AS (
        SELECT w.* FROM watched w
         WHERE w.told_eta IS NOT NULL AND abs(extract(epoch FROM w.eta - w.told_eta)) > margin_minutes * 60
    ), marked AS (
        UPDATE public.trip_stops s
           SET late_noticed_at = CASE WHEN s.id IN (SELECT id FROM late) THEN now() ELSE s.late_noticed_at END,
               -- A new ETA later than now makes the stop due again: a later slip is news.
               told_eta = w.eta
          FROM watched w
         WHERE s.id = w.id AND (s.told_eta IS DISTINCT FROM w.eta OR s.id IN (SELECT id FROM late))
    ), notices AS (
        INSERT INTO public.user_notices (login, message_ru, message_en)
        SELECT l.clerk_login,
               'Рейс ' || l.number || ' опаздывает: точка ' || l.position || ', ETA был '
                   || to_char(l.eta AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') || ' (МСК).',
               'Trip ' || l.number || ' is late: stop ' || l.position || ', ETA was '
                   || to_char(l.eta AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD HH24:MI') || ' (Moscow).'
          FROM late l
        UNION ALL
        SELECT m.clerk_login,
               'Рейс ' || m.number || ': ETA точки ' || m.position || ' изменился с '
                   || to_char(m.told_eta AT TIME ZONE 'Europe/Moscow', 'DD.MM HH24:MI') || ' на '
                   || to_char(m.eta AT TIME ZONE 'Europe/Moscow', 'DD.MM HH24:MI') || ' (МСК).',
               'Trip ' || m.number || ': the ETA of stop ' || m.position || ' moved from '
                   || to_char(m.told_eta AT TIME ZONE 'Europe/Moscow', 'MM-DD HH24:MI') || ' to '
                   || to_char(m.eta AT TIME ZONE 'Europe/Moscow', 'MM-DD HH24:MI') || ' (Moscow).'
          FROM moved m
    )
    SELECT l.number, l.clerk_login, 'late'::text, l.position FROM late l
    UNION ALL
    SELECT m.number, m.clerk_login, 'eta_changed'::text, m.position FROM moved m;
END
$$;

-- What kited notes on a stop is its bookkeeping, not a change of the route: the audit
-- leaves it out.
CREATE OR REPLACE FUNCTION logistics_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    entity text := TG_ARGV[0];
    row_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
    row_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
    entity_key bigint := coalesce((row_new ->> 'id')::bigint, (row_old ->> 'id')::bigint);
    actor text := coalesce(row_new ->> 'updated_by', row_old ->> 'updated_by', session_user::text);
BEGIN
    IF entity = 'trip_stop' THEN
        -- A stop is audited on its trip.
        entity_key := coalesce((row_new ->> 'trip_id')::bigint, (row_old ->> 'trip_id')::bigint);
        SELECT updated_by INTO actor FROM public.trips WHERE id = entity_key;
    END IF;
    IF TG_OP = 'UPDATE' AND entity = 'trip' AND row_old ->> 'stage' IS DISTINCT FROM row_new ->> 'stage' THEN
        RETURN NULL;  -- the stage command writes its own row
    END IF;
    IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM jsonb_each(row_old) o JOIN jsonb_each(row_new) n USING (key)
                                        WHERE o.value IS DISTINCT FROM n.value
                                          AND o.key NOT IN ('version', 'updated_at', 'updated_by', 'late_noticed_at', 'told_eta')) THEN
        RETURN NULL;  -- a version bump by a command that wrote its own row
    END IF;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES (entity, entity_key, lower(TG_OP), coalesce(actor, session_user::text),
            jsonb_build_object('db_login', session_user::text) ||
            CASE WHEN TG_OP = 'INSERT' THEN jsonb_build_object('after', row_new)
                 WHEN TG_OP = 'DELETE' THEN jsonb_build_object('before', row_old)
                 ELSE jsonb_build_object(
                     'before', (SELECT coalesce(jsonb_object_agg(o.key, o.value), '{}') FROM jsonb_each(row_old) o
                                JOIN jsonb_each(row_new) n USING (key)
                                WHERE o.value IS DISTINCT FROM n.value AND o.key NOT IN ('version', 'updated_at', 'updated_by', 'late_noticed_at', 'told_eta')),
                     'after', (SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}') FROM jsonb_each(row_new) n
                               JOIN jsonb_each(row_old) o USING (key)
                               WHERE o.value IS DISTINCT FROM n.value AND n.key NOT IN ('version', 'updated_at', 'updated_by', 'late_noticed_at', 'told_eta')))
            END);
    RETURN NULL;
END
$$;

-- A new ETA typed for a late stop makes it due again (a later slip is news).
CREATE FUNCTION trip_stops_eta_reset() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.eta IS DISTINCT FROM OLD.eta AND NEW.eta > now() THEN
        NEW.late_noticed_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER trip_stops_eta_reset BEFORE UPDATE OF eta ON trip_stops
    FOR EACH ROW EXECUTE FUNCTION trip_stops_eta_reset();

REVOKE ALL ON FUNCTION trip_eta_watch(int), trip_stops_eta_reset() FROM PUBLIC;
-- kited's login runs it (a member of kite_admin or kite_logistics until it has a role of its own).
GRANT EXECUTE ON FUNCTION trip_eta_watch(int) TO kite_logistics, kite_admin;
