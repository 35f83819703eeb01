DROP INDEX "messages_created_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "workspace_id" text;--> statement-breakpoint
UPDATE "messages" SET "workspace_id" = "channels"."workspace_id" FROM "channels" WHERE "channels"."id" = "messages"."channel_id";--> statement-breakpoint
-- Every way a message is written (sends, imports, system messages, set-based seeding) gets its channel's workspace,
-- without each having to name it; a channel never changes workspace.
CREATE FUNCTION "messages_set_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.workspace_id := (SELECT "workspace_id" FROM "channels" WHERE "id" = NEW.channel_id);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "messages_set_workspace" BEFORE INSERT ON "messages" FOR EACH ROW EXECUTE FUNCTION "messages_set_workspace"();--> statement-breakpoint
CREATE INDEX "messages_workspace_created_idx" ON "messages" USING btree ("workspace_id","created_at");
