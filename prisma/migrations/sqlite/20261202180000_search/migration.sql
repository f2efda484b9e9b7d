-- CreateTable
CREATE TABLE "ContentVector" (
    "contentId" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "dimensions" INTEGER NOT NULL,
    "vector" BLOB NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ContentVector_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "Content" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ContentVector_businessId_model_idx" ON "ContentVector"("businessId", "model");

-- Keyword search (hand-written: Prisma models neither FTS5 nor triggers; the schema engine is told
-- to leave these tables alone, see src/db/schema-engine.ts). One document per content, campaign
-- and message, kept in step by triggers on those tables, so every write path (services, jobs,
-- cascading deletes, raw SQL) updates the index in the same transaction.
CREATE TABLE "SearchDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "body" TEXT NOT NULL
);
CREATE UNIQUE INDEX "SearchDocument_ownerId_key" ON "SearchDocument"("ownerId");
CREATE INDEX "SearchDocument_businessId_idx" ON "SearchDocument"("businessId");

-- An external-content index over SearchDocument (its INTEGER PRIMARY KEY is a stable rowid).
-- The business id is indexed too, so a search walks one business's entries.
CREATE VIRTUAL TABLE "SearchDocumentText" USING fts5(
    "businessId", "title", "tags", "body",
    content = 'SearchDocument', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "SearchDocument_index_insert" AFTER INSERT ON "SearchDocument" BEGIN
    INSERT INTO "SearchDocumentText" (rowid, "businessId", "title", "tags", "body") VALUES (new."id", new."businessId", new."title", new."tags", new."body");
END;
CREATE TRIGGER "SearchDocument_index_delete" AFTER DELETE ON "SearchDocument" BEGIN
    INSERT INTO "SearchDocumentText" ("SearchDocumentText", rowid, "businessId", "title", "tags", "body") VALUES ('delete', old."id", old."businessId", old."title", old."tags", old."body");
END;
CREATE TRIGGER "SearchDocument_index_update" AFTER UPDATE ON "SearchDocument" BEGIN
    INSERT INTO "SearchDocumentText" ("SearchDocumentText", rowid, "businessId", "title", "tags", "body") VALUES ('delete', old."id", old."businessId", old."title", old."tags", old."body");
    INSERT INTO "SearchDocumentText" (rowid, "businessId", "title", "tags", "body") VALUES (new."id", new."businessId", new."title", new."tags", new."body");
END;

-- Content: title (weight of a title), hashtags as "#tag" words, caption and script as the body.
-- Hashtags that are not a JSON array (rows written outside Prisma) index as nothing rather than fail the write.
CREATE TRIGGER "Content_search_insert" AFTER INSERT ON "Content" BEGIN
    INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
    VALUES (new."id", 'CONTENT', new."businessId", coalesce(new."title", ''),
        CASE WHEN json_valid(new."hashtags") AND json_type(new."hashtags") = 'array' THEN coalesce((SELECT group_concat('#' || "value", ' ') FROM json_each(new."hashtags")), '') ELSE '' END,
        new."caption" || CASE WHEN new."script" IS NULL THEN '' ELSE char(10) || new."script" END);
END;
CREATE TRIGGER "Content_search_update" AFTER UPDATE OF "title", "caption", "hashtags", "script", "businessId" ON "Content"
WHEN old."title" IS NOT new."title" OR old."caption" IS NOT new."caption" OR old."hashtags" IS NOT new."hashtags" OR old."script" IS NOT new."script" OR old."businessId" IS NOT new."businessId" BEGIN
    UPDATE "SearchDocument" SET "businessId" = new."businessId", "title" = coalesce(new."title", ''),
        "tags" = CASE WHEN json_valid(new."hashtags") AND json_type(new."hashtags") = 'array' THEN coalesce((SELECT group_concat('#' || "value", ' ') FROM json_each(new."hashtags")), '') ELSE '' END,
        "body" = new."caption" || CASE WHEN new."script" IS NULL THEN '' ELSE char(10) || new."script" END
    WHERE "ownerId" = new."id";
END;
CREATE TRIGGER "Content_search_delete" AFTER DELETE ON "Content" BEGIN
    DELETE FROM "SearchDocument" WHERE "ownerId" = old."id";
END;
-- The search vector was of the old text: dropped, and embedded again at the next semantic search.
CREATE TRIGGER "Content_vector_stale" AFTER UPDATE OF "title", "caption", "hashtags", "script" ON "Content"
WHEN old."title" IS NOT new."title" OR old."caption" IS NOT new."caption" OR old."hashtags" IS NOT new."hashtags" OR old."script" IS NOT new."script" BEGIN
    DELETE FROM "ContentVector" WHERE "contentId" = new."id";
END;

-- Campaign: its name as the title, goal and strategy as the body.
CREATE TRIGGER "Campaign_search_insert" AFTER INSERT ON "Campaign" BEGIN
    INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
    VALUES (new."id", 'CAMPAIGN', new."businessId", new."name", '', new."goal" || CASE WHEN new."strategySummary" IS NULL THEN '' ELSE char(10) || new."strategySummary" END);
END;
CREATE TRIGGER "Campaign_search_update" AFTER UPDATE OF "name", "goal", "strategySummary", "businessId" ON "Campaign"
WHEN old."name" IS NOT new."name" OR old."goal" IS NOT new."goal" OR old."strategySummary" IS NOT new."strategySummary" OR old."businessId" IS NOT new."businessId" BEGIN
    UPDATE "SearchDocument" SET "businessId" = new."businessId", "title" = new."name",
        "body" = new."goal" || CASE WHEN new."strategySummary" IS NULL THEN '' ELSE char(10) || new."strategySummary" END
    WHERE "ownerId" = new."id";
END;
CREATE TRIGGER "Campaign_search_delete" AFTER DELETE ON "Campaign" BEGIN
    DELETE FROM "SearchDocument" WHERE "ownerId" = old."id";
END;

-- Message: the sender as the title, the message and the drafted reply as the body.
CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" BEGIN
    INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
    VALUES (new."id", 'MESSAGE', new."businessId", coalesce(new."senderHandle", ''), '', new."incomingMessage" || CASE WHEN new."generatedReply" IS NULL THEN '' ELSE char(10) || new."generatedReply" END);
END;
CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "senderHandle", "incomingMessage", "generatedReply", "businessId" ON "Message"
WHEN old."senderHandle" IS NOT new."senderHandle" OR old."incomingMessage" IS NOT new."incomingMessage" OR old."generatedReply" IS NOT new."generatedReply" OR old."businessId" IS NOT new."businessId" BEGIN
    UPDATE "SearchDocument" SET "businessId" = new."businessId", "title" = coalesce(new."senderHandle", ''),
        "body" = new."incomingMessage" || CASE WHEN new."generatedReply" IS NULL THEN '' ELSE char(10) || new."generatedReply" END
    WHERE "ownerId" = new."id";
END;
CREATE TRIGGER "Message_search_delete" AFTER DELETE ON "Message" BEGIN
    DELETE FROM "SearchDocument" WHERE "ownerId" = old."id";
END;

-- Backfill what existed before this migration (the SearchDocument triggers fill the index).
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'CONTENT', "businessId", coalesce("title", ''),
    CASE WHEN json_valid("hashtags") AND json_type("hashtags") = 'array' THEN coalesce((SELECT group_concat('#' || "value", ' ') FROM json_each("Content"."hashtags")), '') ELSE '' END,
    "caption" || CASE WHEN "script" IS NULL THEN '' ELSE char(10) || "script" END
FROM "Content";
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'CAMPAIGN', "businessId", "name", '', "goal" || CASE WHEN "strategySummary" IS NULL THEN '' ELSE char(10) || "strategySummary" END FROM "Campaign";
INSERT INTO "SearchDocument" ("ownerId", "kind", "businessId", "title", "tags", "body")
SELECT "id", 'MESSAGE', "businessId", coalesce("senderHandle", ''), '', "incomingMessage" || CASE WHEN "generatedReply" IS NULL THEN '' ELSE char(10) || "generatedReply" END FROM "Message";
