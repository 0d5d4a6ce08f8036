/** Seeded generation of a simulated WhatsApp Business account: own number, chats, groups, people. */
import type { Rng } from './rng.js';
import { COMPANIES, DDDS, FIRST_NAMES, LAST_NAMES, OWN_BUSINESSES } from './vocabulary.js';

export interface SimPerson {
  /** `55DD9XXXXXXXX@c.us`, or `...@lid` when WhatsApp hides the number. */
  id: string;
  /** Digits of the phone number (empty for a hidden @lid member). */
  phone: string;
  /** Profile (push) name; may be empty. */
  pushName: string;
  /** Address-book name on the business phone; may be empty. */
  savedName: string;
}

export interface SimParticipant extends SimPerson {
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface SimChat {
  id: string;
  type: 'user' | 'group';
  /** Name getChats shows: saved name, else push name, else "" (@lid chats often have none). */
  name: string;
  archive: boolean;
  ephemeralExpiration: number;
  ephemeralSettingTimestamp: number;
  /** The counterparty of a private chat. */
  person?: SimPerson;
  /** Group members (own number included). */
  participants: SimParticipant[];
  owner: string;
  creation: number;
  inviteLink: string;
}

export interface SimOwnAccount {
  phone: string;
  wid: string;
  lid: string;
  businessName: string;
  shortName: string;
}

export interface AccountShape {
  chats: number;
  /** Share of group chats (default 0.12). */
  groupShare?: number;
  /** Share of private chats whose id is an @lid (default 0.06). */
  lidShare?: number;
}

export const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

export function brazilianPhone(rng: Rng): string {
  return `55${rng.pick(DDDS)}9${rng.int(6, 9)}${rng.digits(7)}`;
}

export function makeOwnAccount(rng: Rng): SimOwnAccount {
  const phone = brazilianPhone(rng);
  const business = rng.pick(OWN_BUSINESSES);
  return {
    phone,
    wid: `${phone}@c.us`,
    lid: `${rng.int(1, 2)}${rng.digits(14)}@lid`,
    businessName: business.name,
    shortName: business.short,
  };
}

export function makePerson(rng: Rng, opts: { lid?: boolean } = {}): SimPerson {
  const company = rng.chance(0.25);
  const first = rng.pick(FIRST_NAMES);
  const full = company ? rng.pick(COMPANIES) : `${first} ${rng.pick(LAST_NAMES)}`;
  const phone = opts.lid ? '' : brazilianPhone(rng);
  const id = opts.lid ? `${rng.int(1, 2)}${rng.digits(14)}@lid` : `${phone}@c.us`;
  return {
    id,
    phone,
    pushName: rng.chance(0.85) ? (company ? full : first) : '',
    savedName: opts.lid ? '' : rng.chance(0.7) ? full : '',
  };
}

export function makeChat(
  rng: Rng,
  own: SimOwnAccount,
  kind: 'user' | 'lid' | 'group',
  nowSec: number,
): SimChat {
  const ephemeral = rng.chance(0.08) ? rng.pick([86400, 604800, 7776000]) : 0;
  const common = {
    archive: rng.chance(0.05),
    ephemeralExpiration: ephemeral,
    ephemeralSettingTimestamp: ephemeral ? nowSec - rng.int(86400, 90 * 86400) : 0,
    creation: nowSec - rng.int(120, 900) * 86400,
  };
  if (kind !== 'group') {
    const person = makePerson(rng, { lid: kind === 'lid' });
    return {
      ...common,
      id: person.id,
      type: 'user',
      name: person.savedName || person.pushName,
      person,
      participants: [],
      owner: '',
      inviteLink: '',
    };
  }
  // Groups with a customer company are named "<Company> X <own short name>", often without accents.
  const company = rng.pick(COMPANIES);
  const name = `${rng.chance(0.6) ? stripAccents(company) : company} X ${own.shortName}`;
  const ownIsOwner = rng.chance(0.7);
  const members: SimParticipant[] = Array.from({ length: rng.int(2, 6) }, (_, i) => ({
    ...makePerson(rng, { lid: rng.chance(0.2) }),
    isAdmin: i === 0,
    isSuperAdmin: i === 0 && !ownIsOwner,
  }));
  const me: SimParticipant = {
    id: own.wid,
    phone: own.phone,
    pushName: own.businessName,
    savedName: '',
    isAdmin: true,
    isSuperAdmin: ownIsOwner,
  };
  const owner = ownIsOwner ? own.wid : (members[0]?.id ?? own.wid);
  return {
    ...common,
    id: `1203630${rng.digits(11)}@g.us`,
    type: 'group',
    name,
    participants: [me, ...members],
    owner,
    // The invite link is empty unless the instance is an admin (always true here, but keep the rule).
    inviteLink: me.isAdmin ? `https://chat.whatsapp.com/${rng.hex(22)}` : '',
  };
}

/** Builds the chat list; at least one group and one @lid chat once there are 8+ chats. */
export function makeChats(rng: Rng, own: SimOwnAccount, shape: AccountShape, nowSec: number): SimChat[] {
  const groupShare = shape.groupShare ?? 0.12;
  const lidShare = shape.lidShare ?? 0.06;
  const seen = new Set<string>();
  const chats: SimChat[] = [];
  for (let i = 0; i < shape.chats; i++) {
    let kind: 'user' | 'lid' | 'group' = 'user';
    if (shape.chats >= 8 && i === 1) kind = 'group';
    else if (shape.chats >= 8 && i === 2) kind = 'lid';
    else {
      const r = rng.next();
      kind = r < groupShare ? 'group' : r < groupShare + lidShare ? 'lid' : 'user';
    }
    let chat = makeChat(rng, own, kind, nowSec);
    while (seen.has(chat.id)) chat = makeChat(rng, own, kind, nowSec);
    seen.add(chat.id);
    chats.push(chat);
  }
  return chats;
}
