-- Issue 12: two clerks editing one claim's amount. The amount is saved only over the version
-- the clerk read; otherwise it is refused as `claim_changed`, naming who changed it and when,
-- and nothing is written. The three-argument claim_set_amount stays for callers that set the
-- amount without having read it (none in the app).
CREATE FUNCTION claim_set_amount(claim bigint, new_amount numeric, actor text, expected_version integer)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c public.claims;
BEGIN
    PERFORM public.kite_require_logistics('change a claim');
    c := public.claim_lock_open(claim, 'change');
    IF c.version <> expected_version THEN
        PERFORM public.kite_refuse('claim_changed',
            format('claim %s was changed by %s at %s (version %s, you edited version %s)',
                   c.id, c.updated_by, c.updated_at, c.version, expected_version),
            jsonb_build_object('id', c.id, 'by', c.updated_by, 'at', extract(epoch FROM c.updated_at), 'version', c.version,
                               'expected', expected_version));
    END IF;
    PERFORM public.claim_set_amount(claim, new_amount, actor);
END
$$;

REVOKE ALL ON FUNCTION claim_set_amount(bigint, numeric, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_set_amount(bigint, numeric, text, integer) TO kite_logistics, kite_admin;
