/**
 * Who talks in the generated archive: the business's own number, its contacts (+55 phones, some
 * known by an @lid id too, some old accounts without the ninth digit), private chats and groups
 * named like "Boi Gaucho X BMA", and how many messages each chat gets (a few very busy chats and a
 * long tail of one-off inquiries).
 */
import { pickCompany, pickName } from './compose.js';
import type { Rng } from './rng.js';
import * as N from './vocab-names.js';

export interface PersonPlan {
  index: number;
  phone: string;
  waIds: string[];
  /** The id messages come from (@c.us, or @lid for some group authors). */
  senderWaId: string;
  lidWaId: string | null;
  firstName: string;
  savedName: string | null;
  pushName: string | null;
  company: string;
}

export interface ChatPlan {
  index: number;
  type: 'private' | 'group';
  waId: string;
  name: string | null;
  /** Counterparty of a private chat. */
  person: PersonPlan | null;
  /** Authors of a group, most active first. */
  members: PersonPlan[];
  company: string;
  messages: number;
}

export interface Population {
  ownWid: string;
  ownPhone: string;
  people: PersonPlan[];
  chats: ChatPlan[];
}

export const OWN_WID = '553134567890@c.us';
export const OWN_PHONE = '+553134567890';

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function people(rng: Rng, count: number): PersonPlan[] {
  const phones = new Set<string>();
  const out: PersonPlan[] = [];
  for (let index = 0; index < count; index++) {
    let local: string;
    let ddd: string;
    do {
      ddd = rng.pick(N.DDDS);
      local = `${rng.int(6, 9)}${rng.digits(7)}`;
    } while (phones.has(ddd + local));
    phones.add(ddd + local);
    const phone = `+55${ddd}9${local}`;
    // Accounts older than the ninth digit keep an id without it.
    const cUs = rng.chance(0.12) ? `55${ddd}${local}@c.us` : `55${ddd}9${local}@c.us`;
    const lidWaId = rng.chance(0.15) ? `${rng.int(1, 2)}${rng.digits(rng.int(13, 14))}@lid` : null;
    const firstName = index === 0 ? 'Reginaldo' : pickName(rng);
    const lastName = rng.pick(N.LAST_NAMES);
    const company = index === 0 ? 'Boi Gaúcho' : pickCompany(rng);
    const savedStyle = rng.next();
    const savedName =
      index === 0
        ? 'Reginaldo Boi Gaúcho'
        : savedStyle < 0.3
          ? `${firstName} ${lastName}`
          : savedStyle < 0.5
            ? `${firstName} - ${company}`
            : savedStyle < 0.65
              ? `${firstName} ${company}`
              : null;
    const pushName = rng.chance(0.85)
      ? `${rng.chance(0.3) ? `${firstName} ${lastName}` : firstName}${rng.pick(N.PUSH_DECOR)}`
      : null;
    const waIds = lidWaId ? [cUs, lidWaId] : [cUs];
    const senderWaId = lidWaId && rng.chance(0.5) ? lidWaId : cUs;
    out.push({ index, phone, waIds, senderWaId, lidWaId, firstName, savedName, pushName, company });
  }
  return out;
}

function groupName(company: string, rng: Rng, unit: number): string {
  const plain = company.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const base = rng.chance(0.4) ? plain : company;
  const branch = unit > 0 ? ` ${rng.pick(N.CITIES)}` : '';
  return rng.pick([
    `${base}${branch} X BMA`,
    `${base}${branch} X BMA`,
    `BMA x ${base}${branch}`,
    `Manutenção ${base}${branch}`,
    `${base}${branch} X BMA Refrigeração`,
  ]);
}

/** Plans contacts and chats for `messages` messages (2,000 chats and 5,000 contacts at 1M). */
export function planPopulation(rng: Rng, messages: number): Population {
  const chatCount = Math.max(12, Math.min(2000, Math.round(messages / 500)));
  const all = people(rng, Math.round(chatCount * 2.5));
  const groupCount = Math.max(2, Math.round(chatCount * 0.1));
  // Rank 0: the busiest customer's private chat; rank 1: that customer's company group.
  const isGroup = new Array<boolean>(chatCount).fill(false);
  isGroup[1] = true;
  for (let placed = 1; placed < groupCount;) {
    const at = rng.int(2, chatCount - 1);
    if (!isGroup[at]) {
      isGroup[at] = true;
      placed++;
    }
  }
  // Private chats take the first people; groups draw members from everyone.
  let nextPerson = 0;
  const unitsOf = new Map<string, number>();
  const weights: number[] = [];
  const chats: ChatPlan[] = [];
  for (let index = 0; index < chatCount; index++) {
    const noise = index === 0 ? 1.6 : index === 1 ? 1 : Math.exp(1.1 * gaussian(rng));
    weights.push((isGroup[index] ? 1.8 : 1) * noise * Math.pow(index + 2, -1.05));
    if (!isGroup[index]) {
      const person = all[nextPerson++]!;
      const viaLid = person.lidWaId !== null && rng.chance(0.2);
      chats.push({
        index,
        type: 'private',
        waId: viaLid ? person.lidWaId! : person.waIds[0]!,
        name: person.savedName ?? person.pushName?.trim() ?? null,
        person,
        members: [],
        company: person.company,
        messages: 0,
      });
      continue;
    }
    const company = index === 1 ? 'Boi Gaúcho' : pickCompany(rng);
    const unit = unitsOf.get(company) ?? 0;
    unitsOf.set(company, unit + 1);
    const size = rng.int(3, 18);
    const members = new Set<PersonPlan>(index === 1 ? [all[0]!] : []);
    while (members.size < size) members.add(all[rng.int(0, all.length - 1)]!);
    chats.push({
      index,
      type: 'group',
      waId: `120363${rng.digits(12)}@g.us`,
      name: index === 1 ? 'Boi Gaucho X BMA' : groupName(company, rng, unit),
      person: null,
      members: [...members],
      company,
      messages: 0,
    });
  }
  const total = weights.reduce((s, w) => s + w, 0);
  let assigned = 0;
  for (const chat of chats) {
    chat.messages = Math.max(3, Math.floor((messages * weights[chat.index]!) / total));
    assigned += chat.messages;
  }
  // Rounding: the busiest chats absorb the difference so the total is exact.
  for (let i = 0; assigned !== messages; i = (i + 1) % Math.min(10, chats.length)) {
    const step = assigned < messages ? 1 : -1;
    if (chats[i]!.messages + step < 3) continue;
    chats[i]!.messages += step;
    assigned += step;
  }
  return { ownWid: OWN_WID, ownPhone: OWN_PHONE, people: all, chats };
}
