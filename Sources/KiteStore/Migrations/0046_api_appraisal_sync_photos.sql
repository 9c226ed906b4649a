-- kite-api (issue 14): the phone's ids and times on appraisals and their rows, the sync
-- cursor, and the photos uploaded in chunks.

-- ---------------------------------------------------------------- the phone's ids and times

-- Every appraisal has a UUID: the phone's own for one made on a phone, a fresh one for
-- one made in the back office. happened_at is the phone's clock (NULL for the back
-- office), received_at the server's.
ALTER TABLE appraisals ADD COLUMN client_id uuid;
UPDATE appraisals SET client_id = gen_random_uuid();
ALTER TABLE appraisals ALTER COLUMN client_id SET NOT NULL;
ALTER TABLE appraisals ADD CONSTRAINT appraisals_client_id_key UNIQUE (client_id);
ALTER TABLE appraisals ADD COLUMN happened_at timestamptz;
ALTER TABLE appraisals ADD COLUMN received_at timestamptz;
UPDATE appraisals SET received_at = created_at;
ALTER TABLE appraisals ALTER COLUMN received_at SET NOT NULL;
ALTER TABLE appraisals ALTER COLUMN received_at SET DEFAULT now();

ALTER TABLE appraisal_answers ADD COLUMN happened_at timestamptz;
ALTER TABLE appraisal_answers ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE appraisal_paint ADD COLUMN happened_at timestamptz;
ALTER TABLE appraisal_paint ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();

-- A new row gets a UUID when the program gives none; the server's time is the server's.
CREATE FUNCTION appraisals_client_id() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.client_id := coalesce(NEW.client_id, gen_random_uuid());
        NEW.received_at := now();
    ELSIF NEW.client_id IS DISTINCT FROM OLD.client_id OR NEW.happened_at IS DISTINCT FROM OLD.happened_at
          OR NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        PERFORM public.kite_refuse('appraisal_frozen', 'an appraisal keeps its id and the times it was made and received');
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER appraisals_client_id BEFORE INSERT OR UPDATE ON appraisals FOR EACH ROW EXECUTE FUNCTION appraisals_client_id();

CREATE FUNCTION appraisal_rows_received() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.received_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER appraisal_answers_received BEFORE INSERT OR UPDATE ON appraisal_answers FOR EACH ROW
    EXECUTE FUNCTION appraisal_rows_received();
CREATE TRIGGER appraisal_paint_received BEFORE INSERT OR UPDATE ON appraisal_paint FOR EACH ROW
    EXECUTE FUNCTION appraisal_rows_received();

-- ---------------------------------------------------------------- the sync cursor

-- The transaction that last changed each appraisal (itself, its answers and paint through
-- the appraisal's version, its check results, its photos). The phone's cursor is the xmin
-- of the snapshot it read with: every transaction below it had committed and was seen,
-- so rows changed at or above it are sent again next time — some twice, none missed.
-- Derived from audited tables, rewritten on every change: it has no audit trigger of its own.
CREATE TABLE appraisal_changes (
    appraisal_id bigint PRIMARY KEY REFERENCES appraisals (id),
    changed_xid  xid8 NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appraisal_changes_xid ON appraisal_changes (changed_xid);
INSERT INTO appraisal_changes (appraisal_id, changed_xid) SELECT id, pg_current_xact_id() FROM appraisals;

CREATE FUNCTION appraisal_changed(appraisal bigint) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.appraisal_changes AS c (appraisal_id, changed_xid, changed_at)
    VALUES (appraisal, pg_current_xact_id(), now())
    ON CONFLICT (appraisal_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid, changed_at = EXCLUDED.changed_at
     WHERE c.changed_xid IS DISTINCT FROM EXCLUDED.changed_xid
$$;
REVOKE ALL ON FUNCTION appraisal_changed(bigint) FROM PUBLIC;

CREATE FUNCTION appraisals_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'appraisals' THEN
        PERFORM public.appraisal_changed(NEW.id);
    ELSIF TG_TABLE_NAME = 'check_results' THEN
        IF NEW.subject_kind = 'appraisal' THEN
            PERFORM public.appraisal_changed(NEW.subject_id);
        END IF;
    ELSE
        PERFORM public.appraisal_changed(CASE WHEN TG_OP = 'DELETE' THEN OLD.appraisal_id ELSE NEW.appraisal_id END);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER appraisals_changed AFTER INSERT OR UPDATE ON appraisals FOR EACH ROW EXECUTE FUNCTION appraisals_changed();
CREATE TRIGGER check_results_appraisal_changed AFTER INSERT ON check_results FOR EACH ROW EXECUTE FUNCTION appraisals_changed();

REVOKE ALL ON appraisal_changes FROM PUBLIC;
GRANT SELECT ON appraisal_changes TO kite_staff, kite_kited;
ALTER TABLE appraisal_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY appraisal_changes_read ON appraisal_changes FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));

-- The phone's cursor: the xmin of the caller's snapshot, as text.
CREATE FUNCTION kite_sync_cursor() RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text
$$;

-- ---------------------------------------------------------------- photos

-- A photo of an appraisal, uploaded in chunks (appraisal_photo_chunks) and complete once
-- every byte came and its SHA-256 and magic bytes were checked.
CREATE TABLE appraisal_photos (
    id            uuid PRIMARY KEY,
    appraisal_id  bigint NOT NULL REFERENCES appraisals (id),
    kind          text NOT NULL CHECK (kind IN ('front', 'rear', 'left', 'right', 'interior', 'odometer', 'vin_plate', 'engine', 'damage')),
    item_code     text CHECK (item_code ~ '^[a-z0-9_]{1,40}\.[a-z0-9_]{1,40}$'),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size          bigint NOT NULL CHECK (size BETWEEN 1 AND 104857600),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/heic')),
    received      bigint NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND size),
    complete      boolean NOT NULL DEFAULT false,
    happened_at   timestamptz,
    received_at   timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    created_by    text NOT NULL DEFAULT public.kite_login() CHECK (length(created_by) BETWEEN 1 AND 63),
    CONSTRAINT appraisal_photos_complete CHECK (NOT complete OR (received = size AND completed_at IS NOT NULL))
);
CREATE INDEX appraisal_photos_appraisal ON appraisal_photos (appraisal_id) WHERE complete;

CREATE TABLE appraisal_photo_chunks (
    photo_id  uuid NOT NULL REFERENCES appraisal_photos (id),
    start     bigint NOT NULL CHECK (start >= 0),
    data      bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 1048576),
    PRIMARY KEY (photo_id, start)
);
ALTER TABLE appraisal_photo_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TRIGGER appraisal_photos_changed AFTER INSERT OR UPDATE ON appraisal_photos FOR EACH ROW EXECUTE FUNCTION appraisals_changed();

REVOKE ALL ON appraisal_photos, appraisal_photo_chunks FROM PUBLIC;
GRANT SELECT ON appraisal_photos, appraisal_photo_chunks TO kite_staff, kite_kited;
GRANT INSERT, UPDATE (received, complete, completed_at) ON appraisal_photos TO kite_appraiser, kite_admin;
GRANT INSERT, DELETE ON appraisal_photo_chunks TO kite_appraiser, kite_admin;
ALTER TABLE appraisal_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_photo_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY appraisal_photos_read ON appraisal_photos FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_photos_insert ON appraisal_photos FOR INSERT
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_photos_update ON appraisal_photos FOR UPDATE
    USING (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id))
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_photo_chunks_read ON appraisal_photo_chunks FOR SELECT
    USING (EXISTS (SELECT 1 FROM appraisal_photos p WHERE p.id = photo_id));
CREATE POLICY appraisal_photo_chunks_write ON appraisal_photo_chunks FOR INSERT
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisal_photos p WHERE p.id = photo_id AND NOT p.complete));
CREATE POLICY appraisal_photo_chunks_discard ON appraisal_photo_chunks FOR DELETE
    USING (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisal_photos p WHERE p.id = photo_id AND NOT p.complete));
-- The photo's row is audited; its bytes are not copied into the trail (the row's sha256 names them).
SELECT kite_audit_attach('appraisal_photos');
