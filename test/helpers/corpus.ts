import type { Store } from '../../src/store/index.js';
import type { ChatType, Direction, MessageSource, MessageType } from '../../src/store/types.js';
import { at } from './tmp.js';

/**
 * A small but realistic archive of a Brazilian meat supplier ("BMA") built through the Store API:
 * three instances (two Green API numbers and an export source), private chats with customers, two
 * groups, a landline company, an exported chat, media, edits, deletes, system and outgoing messages,
 * spread from 2023 to June 2025. Tests compute their expectations from SEED_MESSAGES.
 */

/** "Now" for tools in tests: 2025-06-15T09:00:00-03:00. */
export const NOW = at('2025-06-15T12:00:00Z');
export const TIME_ZONE = 'America/Sao_Paulo';

export const INSTANCES = {
  loja: { kind: 'greenapi', externalId: '1101000001', name: 'Loja Centro', ownWid: '5531900000001@c.us' },
  oficina: { kind: 'greenapi', externalId: '1101000002', name: 'Oficina', ownWid: '5531900000002@c.us' },
  exports: { kind: 'export', externalId: 'exports', name: 'Chat exports', ownWid: null },
} as const;
export type InstanceKey = keyof typeof INSTANCES;

export const JOAO_LID = '99887766554433@lid';
/** A push name with planted bidi controls (untrusted, like message text). */
export const CARLOS_PUSH_NAME = 'Carlos \u202eetnereg\u202c';
/** A message text with planted invisible and bidi controls. */
export const PLANTED_TEXT =
  'Pagamento \u202eodaunitnoc\u202c efetuado \u200bhoje\u2066!\u2069 \u061cok\ufeff';

interface ContactSeed {
  instance: InstanceKey;
  waIds: string[];
  savedName?: string;
  pushName?: string;
  isMe?: boolean;
}

export const CONTACTS = {
  me1: { instance: 'loja', waIds: ['5531900000001@c.us'], savedName: 'Loja Centro', isMe: true },
  me2: { instance: 'oficina', waIds: ['5531900000002@c.us'], savedName: 'Oficina BMA', isMe: true },
  // João: a 9th-digit @c.us id and a hidden @lid id on one number, an old id without the 9th digit on the other.
  joao1: {
    instance: 'loja',
    waIds: ['5531998765432@c.us', JOAO_LID],
    savedName: 'João Silva',
    pushName: 'João',
  },
  joao2: { instance: 'oficina', waIds: ['553198765432@c.us'], pushName: 'João S.' },
  maria: { instance: 'loja', waIds: ['5521987654321@c.us'], savedName: 'Maria Oliveira' },
  mariaSouza: { instance: 'oficina', waIds: ['5511912345678@c.us'], savedName: 'Maria Souza' },
  boiRest: { instance: 'loja', waIds: ['553133445566@c.us'], savedName: 'Boi Gaúcho Restaurante' },
  carlos: { instance: 'loja', waIds: ['5531991112222@c.us'], pushName: CARLOS_PUSH_NAME },
} satisfies Record<string, ContactSeed>;
export type ContactKey = keyof typeof CONTACTS;

interface ChatSeed {
  instance: InstanceKey;
  waId: string;
  type: ChatType;
  name: string;
  contact?: ContactKey;
}

export const CHATS = {
  joao: {
    instance: 'loja',
    waId: '5531998765432@c.us',
    type: 'private',
    name: 'João Silva',
    contact: 'joao1',
  },
  joaoOld: {
    instance: 'oficina',
    waId: '553198765432@c.us',
    type: 'private',
    name: 'João S.',
    contact: 'joao2',
  },
  maria: {
    instance: 'loja',
    waId: '5521987654321@c.us',
    type: 'private',
    name: 'Maria Oliveira',
    contact: 'maria',
  },
  mariaSouza: {
    instance: 'oficina',
    waId: '5511912345678@c.us',
    type: 'private',
    name: 'Maria Souza',
    contact: 'mariaSouza',
  },
  boiRest: {
    instance: 'loja',
    waId: '553133445566@c.us',
    type: 'private',
    name: 'Boi Gaúcho Restaurante',
    contact: 'boiRest',
  },
  groupBoi: { instance: 'loja', waId: '120363025555555555@g.us', type: 'group', name: 'Boi Gaucho X BMA' },
  groupForn: {
    instance: 'oficina',
    waId: '120363026666666666@g.us',
    type: 'group',
    name: 'Fornecedores BMA',
  },
  // Export file names often carry a left-to-right mark: "WhatsApp Chat with Pedro Santos\u200e.txt".
  pedro: { instance: 'exports', waId: 'export:Pedro Santos', type: 'private', name: 'Pedro Santos\u200e' },
} satisfies Record<string, ChatSeed>;
export type ChatKey = keyof typeof CHATS;

export interface MessageSeed {
  key: string;
  chat: ChatKey;
  time: string;
  direction: Direction;
  /** The author's WhatsApp id (own id for outgoing API messages); null for system and export authors. */
  senderWaId: string | null;
  senderName: string | null;
  type: MessageType;
  text: string | null;
  source?: MessageSource;
  mediaMime?: string;
  mediaName?: string;
  mediaUrl?: string;
  /** Applied after saving, as an edit event: the text then becomes this. */
  editedTo?: string;
  /** Applied after saving, as a delete event (content is kept). */
  deletedLater?: boolean;
}

const J = '5531998765432@c.us';
const ME1 = '5531900000001@c.us';
const ME2 = '5531900000002@c.us';
const CARLOS = '5531991112222@c.us';

function m(
  key: string,
  chat: ChatKey,
  time: string,
  direction: Direction,
  senderWaId: string | null,
  senderName: string | null,
  text: string | null,
  extra: Partial<MessageSeed> = {},
): MessageSeed {
  return {
    key,
    chat,
    time: `${time}:00-03:00`,
    direction,
    senderWaId,
    senderName,
    type: 'text',
    text,
    ...extra,
  };
}

export const SEED_MESSAGES: MessageSeed[] = [
  // João, private chat on the main number.
  m(
    'j1',
    'joao',
    '2025-01-10T09:15',
    'in',
    J,
    'João',
    'Bom dia! Gostaria de um orçamento para 20 kg de picanha.',
  ),
  m('j2', 'joao', '2025-01-10T09:40', 'out', ME1, null, 'Claro, João! O orçamento sai hoje à tarde.'),
  m('j3', 'joao', '2025-02-03T14:00', 'in', J, 'João', 'Foto da nota fiscal do pedido', {
    type: 'image',
    mediaMime: 'image/jpeg',
    mediaUrl: 'https://media.example.invalid/nf.jpg',
  }),
  m('j4', 'joao', '2025-03-05T10:00', 'in', J, 'João', 'Podemos marcar a Reunião na quinta?'),
  m('j5', 'joao', '2025-03-05T10:05', 'out', ME1, null, 'Reunião confirmada às 15h'),
  m('j6', 'joao', '2025-04-01T08:00', 'in', J, 'João', 'O boleto venceu ontem', {
    editedTo: 'O boleto vence amanhã, pode mandar?',
  }),
  m('j7', 'joao', '2025-04-02T08:30', 'in', J, 'João', 'Segue a senha do portal: azul123', {
    deletedLater: true,
  }),
  m('j8', 'joao', '2025-04-10T16:00', 'in', J, 'João', PLANTED_TEXT),
  m('j9', 'joao', '2025-06-10T11:00', 'in', J, 'João', 'Ainda aguardo o orçamento da OS 30415'),
  m('j10', 'joao', '2025-06-14T18:00', 'out', ME1, null, 'O orçamento da OS 30415 foi enviado por e-mail'),
  m('j11', 'joao', '2025-06-14T18:01', 'in', J, 'João', null, { type: 'voice', mediaMime: 'audio/ogg' }),
  // João on the second number, under his old id without the 9th digit.
  m(
    'o1',
    'joaoOld',
    '2024-11-20T15:00',
    'in',
    '553198765432@c.us',
    'João S.',
    'orcamento antigo: boleto pago',
  ),
  m('o2', 'joaoOld', '2024-11-20T15:10', 'out', ME2, null, 'Boleto pago, obrigado!'),
  // Group on the main number; João writes from his @lid id.
  m('g1', 'groupBoi', '2025-02-10T09:00', 'system', null, null, 'Carlos adicionou João', { type: 'system' }),
  m('g2', 'groupBoi', '2025-02-10T09:05', 'in', JOAO_LID, 'João', 'Pessoal, a OS 30415 está pronta?'),
  m('g3', 'groupBoi', '2025-02-10T09:07', 'in', CARLOS, CARLOS_PUSH_NAME, 'OS 30415 liberada amanhã cedo'),
  m('g4', 'groupBoi', '2025-02-11T10:00', 'out', ME1, null, 'Perfeito, orçamento aprovado pelo cliente'),
  m('g5', 'groupBoi', '2025-02-11T10:30', 'in', CARLOS, CARLOS_PUSH_NAME, 'OS-30415-orcamento.pdf', {
    type: 'document',
    mediaMime: 'application/pdf',
    mediaName: 'OS-30415-orcamento.pdf',
  }),
  m('g6', 'groupBoi', '2025-05-20T17:00', 'in', JOAO_LID, 'João', 'Reunião de alinhamento na sexta'),
  // Group on the second number.
  m(
    'f1',
    'groupForn',
    '2025-03-15T07:00',
    'in',
    '553198765432@c.us',
    'João S.',
    'Entrega de carvão confirmada para sexta',
  ),
  m('f2', 'groupForn', '2025-03-15T07:30', 'out', ME2, null, 'Ok, orçamento do carvão aprovado'),
  // Maria Oliveira.
  m(
    'm1',
    'maria',
    '2025-05-02T13:00',
    'in',
    '5521987654321@c.us',
    'Maria',
    'Quero um orçamento de costela para sábado',
  ),
  m('m2', 'maria', '2025-05-02T13:20', 'out', ME1, null, 'Segue o orçamento em anexo'),
  m('m3', 'maria', '2025-05-02T13:21', 'out', ME1, null, 'Orçamento-costela.pdf', {
    type: 'document',
    mediaMime: 'application/pdf',
    mediaName: 'Orçamento-costela.pdf',
  }),
  m('m4', 'maria', '2025-05-03T09:00', 'in', '5521987654321@c.us', 'Maria', 'Rua das Flores, 120 - Savassi', {
    type: 'location',
  }),
  // Maria Souza on the second number.
  m(
    's1',
    'mariaSouza',
    '2025-06-01T10:00',
    'in',
    '5511912345678@c.us',
    'Maria',
    'Boleto pago ontem, confere?',
  ),
  // A landline company.
  m('b1', 'boiRest', '2025-01-20T11:00', 'in', '553133445566@c.us', null, 'Pedido semanal: 50 kg de costela'),
  m('b2', 'boiRest', '2025-01-20T11:30', 'out', ME1, null, 'Pedido semanal anotado'),
  m(
    'b3',
    'boiRest',
    '2025-03-20T11:00',
    'in',
    '553133445566@c.us',
    null,
    'Pedido semanal: 40 kg de picanha e orçamento de fraldinha',
  ),
  // An imported export (authors by name only).
  m('p1', 'pedro', '2023-08-01T10:00', 'in', null, 'Pedro Santos', 'Orçamento aprovado, pode produzir', {
    source: 'export',
  }),
  m('p2', 'pedro', '2023-08-01T10:05', 'out', null, null, 'Obrigado Pedro', { source: 'export' }),
];

export interface Corpus {
  instances: Record<InstanceKey, number>;
  contacts: Record<ContactKey, number>;
  chats: Record<ChatKey, number>;
  /** Archive message id by seed key. */
  messages: Record<string, number>;
  /** Seed key by archive message id. */
  keyOf: (messageId: number) => string;
  seed: (key: string) => MessageSeed;
  /** The text a message holds after its edits. */
  textOf: (key: string) => string | null;
}

/** Seeds the corpus into `store`, in an order that is not time order (as sync and imports do). */
export function seedCorpus(store: Store): Corpus {
  return store.write(() => {
    const instances = {} as Record<InstanceKey, number>;
    for (const [key, i] of Object.entries(INSTANCES) as [InstanceKey, (typeof INSTANCES)[InstanceKey]][]) {
      instances[key] = store.instances.ensure(i.kind, i.externalId, i.name);
      if (i.ownWid) store.instances.update(instances[key], { wid: i.ownWid, state: 'authorized' });
    }
    const contacts = {} as Record<ContactKey, number>;
    for (const [key, c] of Object.entries(CONTACTS) as [ContactKey, ContactSeed][]) {
      contacts[key] = store.contacts.upsert({
        instanceId: instances[c.instance],
        waIds: c.waIds,
        savedName: c.savedName ?? null,
        pushName: c.pushName ?? null,
        isMe: c.isMe ?? false,
      });
    }
    const chats = {} as Record<ChatKey, number>;
    for (const [key, c] of Object.entries(CHATS) as [ChatKey, ChatSeed][]) {
      chats[key] = store.chats.upsert({
        instanceId: instances[c.instance],
        waId: c.waId,
        type: c.type,
        name: c.name,
        contactId: c.contact ? contacts[c.contact] : null,
      });
    }
    // Newest first, like getChatHistory delivers them.
    const ordered = [...SEED_MESSAGES].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    for (const s of ordered) {
      const chat = CHATS[s.chat];
      store.messages.save(instances[chat.instance], chats[s.chat], [
        {
          waId: `WA-${s.key.toUpperCase()}`,
          ts: at(s.time),
          direction: s.direction,
          senderWaId: s.senderWaId,
          senderName: s.senderName,
          type: s.type,
          text: s.text,
          mediaMime: s.mediaMime ?? null,
          mediaName: s.mediaName ?? null,
          mediaUrl: s.mediaUrl ?? null,
          source: s.source ?? 'api',
        },
      ]);
    }
    const messages: Record<string, number> = {};
    for (const s of SEED_MESSAGES)
      messages[s.key] = store.messages.idOf(chats[s.chat], `WA-${s.key.toUpperCase()}`)!;
    for (const s of SEED_MESSAGES) {
      if (s.editedTo)
        store.messages.edit(chats[s.chat], `WA-${s.key.toUpperCase()}`, s.editedTo, at(s.time) + 600);
      if (s.deletedLater) store.messages.markDeleted(chats[s.chat], `WA-${s.key.toUpperCase()}`);
    }
    store.messages.react(chats.joao, 'WA-J10', J, '👍', at('2025-06-14T18:05:00-03:00'));

    const byId = new Map(Object.entries(messages).map(([k, id]) => [id, k]));
    const seeds = new Map(SEED_MESSAGES.map((s) => [s.key, s]));
    return {
      instances,
      contacts,
      chats,
      messages,
      keyOf: (id) => byId.get(id) ?? `?${id}`,
      seed: (key) => seeds.get(key)!,
      textOf: (key) => {
        const s = seeds.get(key)!;
        return s.editedTo ?? s.text;
      },
    };
  });
}

/** Seed keys of the messages for which `predicate` holds, in time order. */
export function seedKeys(predicate: (s: MessageSeed & { finalText: string | null }) => boolean): string[] {
  return SEED_MESSAGES.map((s) => ({ ...s, finalText: s.editedTo ?? s.text }))
    .filter(predicate)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    .map((s) => s.key);
}
