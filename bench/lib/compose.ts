/**
 * Message texts: template lines with their placeholders filled in (order numbers and invoice
 * numbers that grow with time, money as R$ 1.250,00, dates, times, places), some typed the way
 * customers type (lower case, no accents), with emoji.
 */
import { zipfPicker, type Rng } from './rng.js';
import * as L from './vocab-lines.js';
import * as N from './vocab-names.js';

/** What a line may refer to: the conversation's people and the time it is written. */
export interface LineContext {
  rng: Rng;
  /** Seconds since the epoch (UTC). */
  ts: number;
  /** 0 at the start of the archive's time span, 1 at its end. */
  progress: number;
  /** First name of the person addressed. */
  name: string;
  company: string;
}

const pickShort = zipfPicker(L.SHORT, 1.1);
const pickCustomer = zipfPicker(L.CUSTOMER, 0.9, 2);
const pickBusiness = zipfPicker(L.BUSINESS, 0.9, 2);
const pickGroup = zipfPicker(L.GROUP, 0.9, 2);
const pickFragment = zipfPicker(L.FRAGMENTS, 0.85, 3);
const pickProduct = zipfPicker(N.PRODUCTS, 1.1);
const pickPart = zipfPicker(N.PARTS, 1);
const pickCity = zipfPicker(N.CITIES, 1.3);
const pickStreet = zipfPicker(N.STREETS, 0.8);
const pickName = zipfPicker(N.FIRST_NAMES, 0.7, 3);
const pickCompany = zipfPicker(N.COMPANIES, 0.9, 1);
const pickEmoji = zipfPicker(N.EMOJI, 1.2);
const pickDocument = zipfPicker(L.DOCUMENTS, 1);
const pickCaption = zipfPicker(L.CAPTIONS, 1);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** R$ 1.250,00 */
export function brl(cents: number): string {
  const reais = Math.floor(cents / 100);
  const grouped = String(reais).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `R$ ${grouped},${pad2(cents % 100)}`;
}

/** Service orders are numbered in sequence: about 12,000 over the archive's five years. */
export function orderNumber(ctx: LineContext): number {
  return 28_000 + Math.floor(ctx.progress * 12_000) + ctx.rng.int(-40, 5);
}

function value(rng: Rng): string {
  const reais = Math.round(Math.exp(4.5 + rng.next() * 5.5) / 10) * 10;
  return brl(reais * 100 + (rng.chance(0.2) ? rng.int(1, 99) : 0));
}

function localDate(ts: number): Date {
  return new Date((ts - 3 * 3600) * 1000); // America/Sao_Paulo, UTC-3 since 2019
}

function fill(key: string, ctx: LineContext): string {
  const { rng } = ctx;
  switch (key) {
    case 'nome':
      return ctx.name;
    case 'nome2':
      return pickName(rng);
    case 'os':
      return String(orderNumber(ctx));
    case 'nf':
      return String(4_000 + Math.floor(ctx.progress * 9_000) + rng.int(-20, 0)).padStart(6, '0');
    case 'valor':
      return value(rng);
    case 'data': {
      const d = localDate(ctx.ts + rng.int(0, 20) * 86_400);
      return rng.chance(0.3)
        ? `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`
        : `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}`;
    }
    case 'hora': {
      const h = rng.int(7, 18);
      return rng.pick([`${h}h`, `${h}h30`, `${h}:00`, `${pad2(h)}:30`]);
    }
    case 'dia':
      return rng.pick(N.WEEKDAYS);
    case 'mes':
      return N.MONTHS[localDate(ctx.ts).getUTCMonth()]!;
    case 'ano':
      return String(localDate(ctx.ts).getUTCFullYear());
    case 'produto':
      return pickProduct(rng)[0];
    case 'a_produto':
    case 'A_produto':
    case 'da_produto':
    case 'um_produto': {
      const [name, gender] = pickProduct(rng);
      const f = gender === 'f';
      const article = {
        a_produto: f ? 'a' : 'o',
        A_produto: f ? 'A' : 'O',
        da_produto: f ? 'da' : 'do',
        um_produto: f ? 'uma' : 'um',
      }[key];
      return `${article} ${name}`;
    }
    case 'peca':
      return pickPart(rng);
    case 'endereco':
      return pickStreet(rng);
    case 'cidade':
      return pickCity(rng);
    case 'empresa':
      return rng.chance(0.7) ? ctx.company : pickCompany(rng);
    case 'grupo':
      return `${ctx.company} X BMA`;
    case 'tecnico':
      return rng.pick(N.TECHNICIANS);
    case 'qtd':
      return String(rng.chance(0.3) ? -rng.int(5, 22) : rng.int(2, 12));
    case 'tel':
      return `(${rng.pick(N.DDDS)}) 9${rng.int(6, 9)}${rng.digits(3)}-${rng.digits(4)}`;
    case 'cep':
      return `3${rng.int(0, 5)}${rng.digits(3)}-${rng.digits(3)}`;
    case 'emoji':
      return pickEmoji(rng);
    case 'frag':
      return fillTemplate(pickFragment(rng), ctx);
    default:
      return key;
  }
}

export function fillTemplate(template: string, ctx: LineContext): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => fill(key, ctx));
}

/** A slip of the finger in one word: two letters swapped, one dropped or one doubled. */
function typo(text: string, rng: Rng): string {
  const words = text.split(' ');
  const at = rng.int(0, words.length - 1);
  const w = words[at]!;
  if (w.length < 4 || !/^\p{L}+$/u.test(w)) return text;
  const i = rng.int(1, w.length - 2);
  const kind = rng.int(0, 2);
  words[at] =
    kind === 0
      ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
      : kind === 1
        ? w.slice(0, i) + w.slice(i + 1)
        : w.slice(0, i) + w[i] + w.slice(i);
  return words.join(' ');
}

/** How customers type: in a hurry, lower case, without accents, with the odd typo. */
function casual(text: string, rng: Rng): string {
  let out = rng.chance(0.1) ? typo(text, rng) : text;
  if (rng.chance(0.12)) out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (rng.chance(0.15)) out = out.toLowerCase();
  if (rng.chance(0.08)) out = `${out} ${pickEmoji(rng)}`;
  return out;
}

export type Role = 'customer' | 'business' | 'member';

/** One text line for a role. About a third of the lines are short acknowledgements. */
export function textLine(role: Role, ctx: LineContext): string {
  const { rng } = ctx;
  if (rng.chance(role === 'member' ? 0.3 : 0.33)) return casual(pickShort(rng), rng);
  const template =
    role === 'customer' ? pickCustomer(rng) : role === 'business' ? pickBusiness(rng) : pickGroup(rng);
  const text = fillTemplate(template, ctx);
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return role === 'business' ? sentence : casual(sentence, rng);
}

export function greeting(ts: number, name: string, rng: Rng): string {
  const hour = localDate(ts).getUTCHours();
  const base = hour < 12 ? 'Bom dia' : hour < 18 ? 'Boa tarde' : 'Boa noite';
  return rng.chance(0.5) ? `${base}, ${name}!` : `${base}!`;
}

export function documentName(ctx: LineContext): string {
  return fillTemplate(pickDocument(ctx.rng), ctx);
}

export function caption(ctx: LineContext): string {
  return fillTemplate(pickCaption(ctx.rng), ctx);
}

export function systemLine(group: boolean, ctx: LineContext): string {
  return fillTemplate(ctx.rng.pick(group ? L.SYSTEM_GROUP : L.SYSTEM_PRIVATE), {
    ...ctx,
    name: pickName(ctx.rng),
  });
}

export function locationText(rng: Rng): string {
  return `${pickStreet(rng)}\n${pickCity(rng)} - MG`;
}

export function pollText(ctx: LineContext): string {
  const question = ctx.rng.pick([
    'Qual o melhor dia para a preventiva?',
    'Melhor horário para a visita técnica?',
    'Confirmam a reunião de {dia}?',
  ]);
  return [fillTemplate(question, ctx), 'Segunda', 'Quarta', 'Sexta'].join('\n');
}

export { pickCompany, pickName };
