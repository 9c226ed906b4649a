-- The trips list's filter (issue 12, `kite bench trips`): a word typed into it matches the
-- trip's number, its carrier's name or its truck's plate. It was written as
-- lower(t.number) LIKE … OR lower(c.name) LIKE … OR lower(tk.plate) LIKE … over the joined
-- rows: no index could serve it, so every keystroke read all the trips the clerk sees
-- (seconds at 100,000 trips when nothing matched). Now the number is matched by ILIKE
-- through a trigram index (ILIKE is leakproof since 0024, so row-level security keeps the
-- index usable), and the carriers and trucks whose name or plate match — a few dozen rows —
-- are found first and their trips read by these indexes.
CREATE INDEX trips_number_trgm ON trips USING gin (number gin_trgm_ops);
CREATE INDEX trips_truck ON trips (truck_id, id);

-- And no JIT for this database's sessions. The trips list joins three LATERAL lookups of a
-- trip's stops under row-level security; the planner's cost for the page (which it cannot
-- know stops after 100 rows) passes jit_above_cost, and PostgreSQL then compiled the plan
-- with inlining and optimization: about 6 of the 9 seconds of a filter keystroke that
-- matched nothing (`kite bench trips`, 100,000 trips, as a logistics clerk). The back
-- office runs short queries, where compiling never pays. Only the database's owner may set
-- it; run by another login the migration says so (the DBA: ALTER DATABASE … SET jit = off).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not the database''s owner: run ALTER DATABASE % SET jit = off; (the trips list otherwise spends seconds compiling its plan)', current_database();
END
$$;
