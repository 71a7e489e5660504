-- Every secret a rotation takes out of service signs beside the current one until its own signs_until (24 h after
-- that rotation), not only the latest: two rotations within a day leave three signatures. Encrypted as
-- webhook_secret's (SecretBox, context "webhook/<id>"); they go with their subscription.
CREATE TABLE webhook_retired_secret (
    subscription_id VARCHAR(40) NOT NULL REFERENCES webhook_secret ON DELETE CASCADE,
    secret          BYTEA       NOT NULL,
    signs_until     TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_retired_secret_subscription ON webhook_retired_secret (subscription_id);

INSERT INTO webhook_retired_secret (subscription_id, secret, signs_until)
SELECT subscription_id, previous_secret, previous_valid_until FROM webhook_secret
WHERE previous_secret IS NOT NULL AND previous_valid_until IS NOT NULL;

ALTER TABLE webhook_secret DROP COLUMN previous_secret, DROP COLUMN previous_valid_until;
