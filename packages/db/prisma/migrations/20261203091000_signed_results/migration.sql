-- Signed results (docs/security.md): each device's Ed25519 public key, each result's signature.
ALTER TABLE "Device" ADD COLUMN "signingKey" TEXT;
ALTER TABLE "Result" ADD COLUMN "signature" TEXT;
