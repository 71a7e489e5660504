-- Customer search keys fold the letters that have no accent mark to strip as PostgreSQL's unaccent does (docs/customers.md
-- "Lists": Øresund is found by oresund, Straße by strasse, Łódź by lodz). A key stored before this version was already
-- decomposed, stripped of its marks and lowered, so its new key is the same text with these letters replaced: the
-- table of SearchText.LETTERS, one for one in translate(), the longer ones by replace(). Only the rows whose keys change
-- are written. A folded key can be longer than its name (ß to ss): name_key becomes TEXT (no rewrite of the table or
-- its indexes), SearchText bounding a key to 400 characters. A customers read model being rebuilt blue/green at the
-- upgrade (shadow_customers) is changed too, so its swap brings no old key back.
CREATE FUNCTION pg_temp.letters_folded(key TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(replace(replace(replace(replace(replace(replace(
        translate(key, 'ðøđħıĸłŋŧƀɓƃƈɖɗƌɛƒɠɩɨƙƚɲƞƥƫƭʈʋƴƶǥȡȥȴȵȶȷⱥȼⱦȿɀʉɇɉɍɏ',
                       'dodhiqlntbbbcdddefgiiklnnptttvyzgdzlntjactszuejry'),
        'æ', 'ae'), 'þ', 'th'), 'ß', 'ss'), 'œ', 'oe'), 'ƕ', 'hv'), 'ƣ', 'oi'), 'ȸ', 'db'), 'ȹ', 'qp')
$$;

DO $$
DECLARE
    model TEXT;
BEGIN
    FOREACH model IN ARRAY ARRAY['customer_view', 'shadow_customers.customer_view'] LOOP
        IF to_regclass(model) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN name_key TYPE TEXT', model);
            EXECUTE format('UPDATE %s SET name_key = pg_temp.letters_folded(name_key),
                                search_text = pg_temp.letters_folded(search_text)
                            WHERE search_text <> pg_temp.letters_folded(search_text)', model);
        END IF;
    END LOOP;
END $$;

DROP FUNCTION pg_temp.letters_folded(TEXT);
