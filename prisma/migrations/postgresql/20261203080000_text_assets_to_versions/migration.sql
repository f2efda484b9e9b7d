-- regenerateContent kept the previous text as a TEXT asset; it is an AI version now. Earlier
-- rewrites become versions too (who asked for them was not recorded), and the assets go.
INSERT INTO "Version" ("id", "entityType", "entityId", "businessId", "source", "changedFields", "previous", "createdAt")
SELECT
    'asset_' || a."id",
    'CONTENT',
    a."contentId",
    c."businessId",
    'AI',
    '["caption","hashtags","script"]'::jsonb,
    jsonb_build_object(
        'caption', a."text",
        'hashtags', COALESCE(a."parameters" -> 'hashtags', '[]'::jsonb),
        'script', a."parameters" -> 'script',
        'title', a."parameters" -> 'title'
    ),
    a."createdAt"
FROM "ContentAsset" a
JOIN "Content" c ON c."id" = a."contentId"
WHERE a."assetType" = 'TEXT' AND a."text" IS NOT NULL;

DELETE FROM "ContentAsset" WHERE "assetType" = 'TEXT';
