-- People are added, given roles and disabled by admins (`kite admin user …`),
-- through these functions: the login role, its group role, the employee row and
-- the dealership memberships change in one transaction, and an admin's login
-- needs no CREATEROLE of its own (the owner, who runs the migrations, has it).

-- The group role of each employees.role.
CREATE FUNCTION kite_group_role(employee_role text) RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE employee_role
        WHEN 'manager' THEN 'kite_manager' WHEN 'operator' THEN 'kite_operator'
        WHEN 'finance' THEN 'kite_finance' WHEN 'logistics' THEN 'kite_logistics'
        WHEN 'appraiser' THEN 'kite_appraiser' WHEN 'admin' THEN 'kite_admin' END
$$;

CREATE FUNCTION kite_user_add(new_login text, full_name text, employee_role text, dealership_codes text[],
                              senior boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    employee bigint;
    home bigint;
    missing text;
BEGIN
    PERFORM kite_require_role('kite_admin', 'add people');
    IF new_login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION 'login "%": lowercase Latin letters, digits, _ . - (at most 63), starting with a letter', new_login
            USING ERRCODE = 'check_violation', CONSTRAINT = 'kite_user_login';
    END IF;
    IF kite_group_role(employee_role) IS NULL THEN
        RAISE EXCEPTION 'role "%": one of manager, operator, finance, logistics, appraiser, admin', employee_role
            USING ERRCODE = 'check_violation', CONSTRAINT = 'kite_user_role';
    END IF;
    SELECT string_agg(c, ', ') INTO missing FROM unnest(dealership_codes) c
        WHERE NOT EXISTS (SELECT 1 FROM public.dealerships d WHERE d.code = c);
    IF missing IS NOT NULL OR cardinality(dealership_codes) = 0 THEN
        RAISE EXCEPTION 'dealership: no dealership %', coalesce(missing, '(none given)')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'kite_user_dealership';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = new_login) THEN
        -- An existing login (a system account's peer login created by hand) is
        -- taken over only when no employee has it yet.
        IF EXISTS (SELECT 1 FROM public.employees WHERE login = new_login) THEN
            RAISE EXCEPTION 'login % is already an employee', new_login
                USING ERRCODE = 'unique_violation', CONSTRAINT = 'employees_login_key';
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN', new_login);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN', new_login);
    END IF;
    EXECUTE format('GRANT %I TO %I', kite_group_role(employee_role), new_login);
    IF senior THEN
        EXECUTE format('GRANT kite_senior TO %I', new_login);
    END IF;
    SELECT id INTO home FROM public.dealerships WHERE code = dealership_codes[1];
    INSERT INTO public.employees (login, full_name, role, dealership_id, is_senior)
    VALUES (new_login, full_name, employee_role, home, senior) RETURNING id INTO employee;
    INSERT INTO public.employee_dealerships (employee_id, dealership_id)
        SELECT employee, d.id FROM public.dealerships d WHERE d.code = ANY (dealership_codes)
        ON CONFLICT DO NOTHING;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('employee', employee, 'add', session_user::text,
            jsonb_build_object('login', new_login, 'role', employee_role, 'dealerships', dealership_codes,
                               'senior', senior));
    RETURN employee;
END
$$;

-- Disabling keeps the employee row (their name stays on what they did) and
-- the role, which can no longer log in.
CREATE FUNCTION kite_user_disable(user_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    employee bigint;
BEGIN
    PERFORM kite_require_role('kite_admin', 'disable people');
    UPDATE public.employees SET active = false WHERE login = user_login RETURNING id INTO employee;
    IF employee IS NULL THEN
        RAISE EXCEPTION 'no employee with login %', user_login
            USING ERRCODE = 'no_data_found', CONSTRAINT = 'kite_user_login';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = user_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', user_login);
    END IF;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('employee', employee, 'disable', session_user::text, jsonb_build_object('login', user_login));
END
$$;

-- Gives a person another group role (`senior` included), or another dealership.
CREATE FUNCTION kite_user_grant(user_login text, group_role text, dealership_code text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    employee bigint;
    granted text;
BEGIN
    PERFORM kite_require_role('kite_admin', 'grant roles');
    SELECT id INTO employee FROM public.employees WHERE login = user_login AND active;
    IF employee IS NULL THEN
        RAISE EXCEPTION 'no active employee with login %', user_login
            USING ERRCODE = 'no_data_found', CONSTRAINT = 'kite_user_login';
    END IF;
    IF group_role IS NOT NULL THEN
        granted := CASE WHEN group_role = 'senior' THEN 'kite_senior'
                        WHEN group_role = 'head_office' THEN 'kite_head_office'
                        ELSE kite_group_role(group_role) END;
        IF granted IS NULL THEN
            RAISE EXCEPTION 'role "%": one of manager, operator, finance, logistics, appraiser, admin, senior, head_office', group_role
                USING ERRCODE = 'check_violation', CONSTRAINT = 'kite_user_role';
        END IF;
        EXECUTE format('GRANT %I TO %I', granted, user_login);
        IF granted = 'kite_senior' THEN
            UPDATE public.employees SET is_senior = true WHERE id = employee;
        END IF;
    END IF;
    IF dealership_code IS NOT NULL THEN
        INSERT INTO public.employee_dealerships (employee_id, dealership_id)
            SELECT employee, id FROM public.dealerships WHERE code = dealership_code
            ON CONFLICT DO NOTHING;
        IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM public.dealerships WHERE code = dealership_code) THEN
            RAISE EXCEPTION 'dealership: no dealership %', dealership_code
                USING ERRCODE = 'check_violation', CONSTRAINT = 'kite_user_dealership';
        END IF;
    END IF;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('employee', employee, 'grant', session_user::text,
            jsonb_build_object('login', user_login, 'role', granted, 'dealership', dealership_code));
END
$$;

-- Everyone with their group roles and dealerships, for `kite admin user list`.
CREATE FUNCTION kite_user_list()
RETURNS TABLE (login text, full_name text, role text, active boolean, can_login boolean,
               group_roles text[], dealerships text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT e.login, e.full_name, e.role, e.active, coalesce(r.rolcanlogin, false),
           coalesce((SELECT array_agg(g.rolname ORDER BY g.rolname) FROM pg_auth_members m
                     JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname LIKE 'kite\_%'), '{}'),
           coalesce((SELECT array_agg(d.code ORDER BY d.code) FROM public.employee_dealerships ed
                     JOIN public.dealerships d ON d.id = ed.dealership_id WHERE ed.employee_id = e.id), '{}')
    FROM public.employees e LEFT JOIN pg_roles r ON r.rolname = e.login
    WHERE kite_has_role('kite_admin')
    ORDER BY e.login
$$;

REVOKE ALL ON FUNCTION kite_user_add(text, text, text, text[], boolean), kite_user_disable(text),
                       kite_user_grant(text, text, text), kite_user_list() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_user_add(text, text, text, text[], boolean), kite_user_disable(text),
                          kite_user_grant(text, text, text), kite_user_list() TO kite_admin;
