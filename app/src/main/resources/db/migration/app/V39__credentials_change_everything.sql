-- The change number at which the credentials read model was last replaced as a whole (a blue/green replay swapped
-- in): a token cache that saw an earlier number forgets every credential (CredentialChangeLog).
ALTER TABLE credentials_change_counter ADD COLUMN everything_at BIGINT NOT NULL DEFAULT 0;
