-- Data-locality audit (docs/data-locality.md): the bytes the agent sent during the result's job window.
ALTER TABLE "Result" ADD COLUMN "egressBytes" INTEGER;
