-- Payments change live on other screens: one notification per payment row
-- written (entered, edited, confirmed, reversed), payload "id:state".
CREATE FUNCTION payments_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('payments', NEW.id::text || ':' || NEW.state);
    RETURN NEW;
END
$$;

CREATE TRIGGER payments_notify
    AFTER INSERT OR UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_notify();
