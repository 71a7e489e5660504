-- customer_email_domain_claim_customer (V19, on customer_id alone) repeated customer_email_domain_claim_by_customer
-- (V6, on workspace_id and customer_id): every lookup of the claims by customer names its workspace, and reads the
-- latter. One index less to write for every claim.
DROP INDEX IF EXISTS customer_email_domain_claim_customer;
