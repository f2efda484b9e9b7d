-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "businessId" TEXT,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "apiKeyId" TEXT,
    "ruleId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "operation" TEXT,
    "changes" JSONB NOT NULL,
    "requestId" TEXT,
    "clientAddress" TEXT,
    "userAgent" TEXT
);

-- CreateIndex
CREATE INDEX "AuditEvent_businessId_createdAt_id_idx" ON "AuditEvent"("businessId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_businessId_entityType_entityId_idx" ON "AuditEvent"("businessId", "entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_requestId_idx" ON "AuditEvent"("requestId");

-- Append-only: no statement may change or remove an audit event.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only'); END;
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only'); END;
