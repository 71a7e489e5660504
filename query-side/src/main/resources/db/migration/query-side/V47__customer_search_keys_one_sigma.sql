-- Customer search keys hold the Greek sigma in one form (docs/customers.md "Lists"): SearchText folds the final ς to σ,
-- since Java lowers a capital Σ at a word's end to ς, and a q ending within a word (ΟΔΥΣ, for ΟΔΥΣΣΕΥΣ) looked for
-- ...ς where the name holds σ. A key stored before this version differs from today's only there. A customers read
-- model being rebuilt blue/green at the upgrade (shadow_customers) is changed too, so its swap brings no old key back.
DO $$
DECLARE
    model TEXT;
BEGIN
    FOREACH model IN ARRAY ARRAY['customer_view', 'shadow_customers.customer_view'] LOOP
        IF to_regclass(model) IS NOT NULL THEN
            EXECUTE format($f$UPDATE %s SET name_key = replace(name_key, 'ς', 'σ'),
                                search_text = replace(search_text, 'ς', 'σ')
                            WHERE strpos(search_text, 'ς') > 0$f$, model);
        END IF;
    END LOOP;
END $$;
