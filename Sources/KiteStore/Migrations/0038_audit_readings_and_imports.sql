-- The audit trail (0022) also records odometer readings (the mileage-rollback
-- check rests on them; operators, appraisers, imports and kited enter them) and
-- the registry loads (who replaced the pledge or wanted registry, when, how many
-- rows). The registries' own rows are bulk data reloaded whole and stay out.
SELECT kite_audit_attach('mileage_readings');
SELECT kite_audit_attach('registry_imports');
