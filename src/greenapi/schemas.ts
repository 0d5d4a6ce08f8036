/**
 * Lenient zod schemas of Green API responses. Only the fields the archive relies on are required;
 * unknown fields are kept (loose objects) and optional fields of the wrong type are dropped
 * (`.catch(undefined)`) rather than failing the whole item.
 */
import { z } from 'zod';

const optString = z.string().optional().catch(undefined);
const optBool = z.boolean().optional().catch(undefined);
const optNumber = z.number().optional().catch(undefined);

export const StateInstanceSchema = z.looseObject({ stateInstance: z.string() });
export type StateInstance = z.infer<typeof StateInstanceSchema>;

export const SettingsSchema = z.looseObject({ wid: optString });
export type Settings = z.infer<typeof SettingsSchema>;

export const WaSettingsSchema = z.looseObject({
  avatar: optString,
  phone: optString,
  stateInstance: optString,
  deviceId: optString,
  chatId: optString,
});
export type WaSettings = z.infer<typeof WaSettingsSchema>;

export const ChatSchema = z.looseObject({
  id: z.string().min(1),
  name: optString,
  type: optString,
  archive: optBool,
  ephemeralExpiration: optNumber,
  ephemeralSettingTimestamp: optNumber,
});
export type Chat = z.infer<typeof ChatSchema>;

/** A journal item (reference §5.1); content fields depend on typeMessage and stay as they came. */
export const JournalItemSchema = z.looseObject({
  type: optString,
  idMessage: z.string().min(1),
  timestamp: z.number().finite(),
  typeMessage: z.string(),
  chatId: z.string().min(1),
  senderId: optString,
  senderName: optString,
  senderContactName: optString,
  statusMessage: optString,
  sendByApi: optBool,
  isEdited: optBool,
  isDeleted: optBool,
});
export type JournalItem = z.infer<typeof JournalItemSchema>;

export const ContactSchema = z.looseObject({
  id: z.string().min(1),
  name: optString,
  contactName: optString,
  type: optString,
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactInfoSchema = z.looseObject({
  chatId: optString,
  name: optString,
  contactName: optString,
  avatar: optString,
  isBusiness: optBool,
});
export type ContactInfo = z.infer<typeof ContactInfoSchema>;

const ParticipantSchema = z.looseObject({
  id: z.string().min(1),
  isAdmin: optBool,
  isSuperAdmin: optBool,
});

export const GroupDataSchema = z.looseObject({
  groupId: z.string().min(1),
  subject: optString,
  owner: optString,
  creation: optNumber,
  // A bad participant entry is dropped rather than losing the whole group.
  participants: z
    .array(z.unknown())
    .catch([])
    .transform((list) =>
      list.flatMap((p) => {
        const r = ParticipantSchema.safeParse(p);
        return r.success ? [r.data] : [];
      }),
    ),
});
export type GroupData = z.infer<typeof GroupDataSchema>;

export const DownloadFileSchema = z.looseObject({ downloadUrl: z.string() });
export type DownloadFile = z.infer<typeof DownloadFileSchema>;

/** A webhook / queue notification body (reference §9); typed per typeWebhook by the mapper. */
export const NotificationBodySchema = z.looseObject({
  typeWebhook: z.string(),
  timestamp: optNumber,
  idMessage: optString,
});
export type NotificationBody = z.infer<typeof NotificationBodySchema>;

export const DeleteNotificationSchema = z.looseObject({ result: z.boolean() });

/** Result of a list method: the valid items, and how many malformed ones were skipped. */
export interface ListResult<T> {
  items: T[];
  skipped: number;
}

/** Validates a list item by item; a bad item is reported through `onSkip`, never thrown. */
export function parseList<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  onSkip: (item: unknown, issue: string) => void,
): ListResult<T> | null {
  if (!Array.isArray(raw)) return null;
  const items: T[] = [];
  let skipped = 0;
  for (const entry of raw) {
    const r = schema.safeParse(entry);
    if (r.success) items.push(r.data);
    else {
      skipped++;
      onSkip(entry, r.error.issues[0]?.message ?? 'invalid');
    }
  }
  return { items, skipped };
}
