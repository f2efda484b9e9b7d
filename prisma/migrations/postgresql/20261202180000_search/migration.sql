-- CreateTable
CREATE TABLE "ContentVector" (
    "contentId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "dimensions" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContentVector_pkey" PRIMARY KEY ("contentId")
);

-- CreateIndex
CREATE INDEX "ContentVector_businessId_model_idx" ON "ContentVector"("businessId", "model");

-- AddForeignKey
ALTER TABLE "ContentVector" ADD CONSTRAINT "ContentVector_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "Content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keyword search (hand-written: Prisma models neither tsvector columns nor triggers; the schema
-- engine is told to leave this table alone, see src/db/schema-engine.ts). One document per
-- content, campaign and message, kept in step by triggers on those tables, so every write path
-- (services, jobs, cascading deletes, raw SQL) updates the index in the same transaction.
-- Weights: title A, hashtags B, body C.
CREATE TABLE "SearchDocument" (
    "ownerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "tags"), 'B') || setweight(to_tsvector('english', "body"), 'C')
    ) STORED,
    CONSTRAINT "SearchDocument_pkey" PRIMARY KEY ("ownerId")
);
CREATE INDEX "SearchDocument_document_idx" ON "SearchDocument" USING GIN ("document");
CREATE INDEX "SearchDocument_businessId_idx" ON "SearchDocument" ("businessId");

-- Hashtags as "#tag" words; anything but a JSON array indexes as nothing rather than fail the write.
CREATE FUNCTION "search_hashtag_words"(hashtags jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(hashtags) = 'array'
        THEN coalesce((SELECT string_agg('#' || tag, ' ') FROM jsonb_array_elements_text(hashtags) AS tag), '') ELSE '' END
$$;

CREATE FUNCTION "search_document_upsert"(owner_id text, owner_kind text, business_id text, title text, tags text, body text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
    VALUES (owner_id, owner_kind, business_id, title, tags, body)
    ON CONFLICT ("ownerId") DO UPDATE SET "businessId" = EXCLUDED."businessId", "title" = EXCLUDED."title", "tags" = EXCLUDED."tags", "body" = EXCLUDED."body"
$$;

CREATE FUNCTION "search_document_of_content"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "SearchDocument" WHERE "ownerId" = OLD."id";
        RETURN OLD;
    END IF;
    PERFORM "search_document_upsert"(NEW."id", 'CONTENT', NEW."businessId", coalesce(NEW."title", ''), "search_hashtag_words"(NEW."hashtags"),
        NEW."caption" || coalesce(E'\n' || NEW."script", ''));
    -- The search vector was of the old text: dropped, and embedded again at the next semantic search.
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM "ContentVector" WHERE "contentId" = NEW."id";
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER "Content_search" AFTER INSERT OR DELETE ON "Content" FOR EACH ROW EXECUTE FUNCTION "search_document_of_content"();
CREATE TRIGGER "Content_search_update" AFTER UPDATE OF "title", "caption", "hashtags", "script", "businessId" ON "Content" FOR EACH ROW
    WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."caption" IS DISTINCT FROM NEW."caption" OR OLD."hashtags" IS DISTINCT FROM NEW."hashtags"
        OR OLD."script" IS DISTINCT FROM NEW."script" OR OLD."businessId" IS DISTINCT FROM NEW."businessId")
    EXECUTE FUNCTION "search_document_of_content"();

-- Campaign: its name as the title, goal and strategy as the body.
CREATE FUNCTION "search_document_of_campaign"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "SearchDocument" WHERE "ownerId" = OLD."id";
        RETURN OLD;
    END IF;
    PERFORM "search_document_upsert"(NEW."id", 'CAMPAIGN', NEW."businessId", NEW."name", '', NEW."goal" || coalesce(E'\n' || NEW."strategySummary", ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER "Campaign_search" AFTER INSERT OR DELETE ON "Campaign" FOR EACH ROW EXECUTE FUNCTION "search_document_of_campaign"();
CREATE TRIGGER "Campaign_search_update" AFTER UPDATE OF "name", "goal", "strategySummary", "businessId" ON "Campaign" FOR EACH ROW
    WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."goal" IS DISTINCT FROM NEW."goal" OR OLD."strategySummary" IS DISTINCT FROM NEW."strategySummary" OR OLD."businessId" IS DISTINCT FROM NEW."businessId")
    EXECUTE FUNCTION "search_document_of_campaign"();

-- Message: the sender as the title, the message and the drafted reply as the body.
CREATE FUNCTION "search_document_of_message"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "SearchDocument" WHERE "ownerId" = OLD."id";
        RETURN OLD;
    END IF;
    PERFORM "search_document_upsert"(NEW."id", 'MESSAGE', NEW."businessId", coalesce(NEW."senderHandle", ''), '', NEW."incomingMessage" || coalesce(E'\n' || NEW."generatedReply", ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER "Message_search" AFTER INSERT OR DELETE ON "Message" FOR EACH ROW EXECUTE FUNCTION "search_document_of_message"();
CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "senderHandle", "incomingMessage", "generatedReply", "businessId" ON "Message" FOR EACH ROW
    WHEN (OLD."senderHandle" IS DISTINCT FROM NEW."senderHandle" OR OLD."incomingMessage" IS DISTINCT FROM NEW."incomingMessage" OR OLD."generatedReply" IS DISTINCT FROM NEW."generatedReply" OR OLD."businessId" IS DISTINCT FROM NEW."businessId")
    EXECUTE FUNCTION "search_document_of_message"();

-- Backfill what existed before this migration.
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'CONTENT', "businessId", coalesce("title", ''), "search_hashtag_words"("hashtags"), "caption" || coalesce(E'\n' || "script", '') FROM "Content";
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'CAMPAIGN', "businessId", "name", '', "goal" || coalesce(E'\n' || "strategySummary", '') FROM "Campaign";
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'MESSAGE', "businessId", coalesce("senderHandle", ''), '', "incomingMessage" || coalesce(E'\n' || "generatedReply", '') FROM "Message";
