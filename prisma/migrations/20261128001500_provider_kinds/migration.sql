-- Provider kinds beyond Sandbox Pay (issue 13): a WeChat Pay or Alipay account
-- keeps its merchant credentials (keys, ids) as one JSON document sealed with
-- AES-256-GCM under TILL_SECRETS_KEY, the account id as associated data; NULL
-- for a Sandbox Pay account, whose key and webhook secret stay in their columns.
ALTER TABLE "ProviderAccount" ADD COLUMN "sealedCredentials" TEXT;
